/// Lets global options come before the subcommand name as well as after it.
///
/// swift-argument-parser only gives a subcommand the options written after its name, so
/// `tradehub --data-dir D serve` is rewritten to `tradehub serve --data-dir D` before parsing.
enum ArgumentOrder {
    /// Global options that take a value.
    static let valued: Set<String> = ["--data-dir", "--config", "--log-level", "--log-format", "--set"]

    static func normalise(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var moved: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("-"), argument != "--" else { break }
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if valued.contains(name) {
                moved.append(argument)
                if !argument.contains("="), index + 1 < arguments.count {
                    moved.append(arguments[index + 1])
                    index += 1
                }
            } else {
                leading.append(argument)
            }
            index += 1
        }
        var rest = Array(arguments[index...])
        guard !rest.isEmpty else { return leading + moved }
        let insertion = rest.firstIndex(of: "--") ?? rest.endIndex
        rest.insert(contentsOf: moved, at: insertion)
        return leading + rest
    }
}

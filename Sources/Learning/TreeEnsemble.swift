import ErrorDNA
import Foundation

/// A native evaluator of an XGBoost gbtree model, read from XGBoost's JSON: the prediction of
/// `Booster.predict` without a C call, a lock or an allocation per row.
///
/// Every tree is flattened into one contiguous array of 12-byte nodes (threshold, feature and
/// default direction, children), laid out so siblings are adjacent: a traversal reads one node,
/// not five parallel arrays, per level. The arithmetic
/// is XGBoost's: features are float32, a present value goes left when `value < threshold`, a
/// missing one (NaN) follows the node's default direction, the margin starts at the base score's
/// margin and adds one leaf per tree in tree order in float32, then the objective's link applies.
public struct TreeEnsemble: Sendable {
    /// One node: an internal node's split, or (when `left < 0`) a leaf and its value. The right
    /// child of an internal node is always at `left + 1`, so a step is one add, not a select.
    public struct Node: Sendable, Equatable {
        /// The split condition, or the leaf's value.
        public var value: Float
        /// The split feature in the low 31 bits; the top bit set when missing values go left.
        public var featureAndDefault: UInt32
        public var left: Int32

        static let defaultLeftBit: UInt32 = 1 << 31

        static func leaf(_ value: Float) -> Node { Node(value: value, featureAndDefault: 0, left: -1) }
    }

    public let objective: Objective
    /// The number of features a row must have.
    public let featureCount: Int
    /// The margin every prediction starts from.
    public let baseMargin: Float
    /// The index in `nodes` of each tree's root, in the order XGBoost sums them.
    public let roots: [Int32]
    public let nodes: [Node]

    public var treeCount: Int { roots.count }

    /// Reads a model in XGBoost's JSON format, as `Booster.modelJSON()` or `Booster.save(to:)` writes it.
    public init(json: some Collection<UInt8>, source: String = "in memory") throws {
        let model: ModelDocument
        do {
            model = try JSONDecoder().decode(ModelDocument.self, from: Data(json))
        } catch {
            throw TradehubError(.modelFormat, ["source": source, "problem": "not XGBoost model JSON (\(error))"])
        }
        try self.init(model, source: source)
    }

    /// Reads an XGBoost JSON model file.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TradehubError(.inputNotFound, ["path": path])
        }
        try self.init(json: data, source: "'\(path)'")
    }

    private init(_ model: ModelDocument, source: String) throws {
        func reject(_ problem: String) -> TradehubError { TradehubError(.modelFormat, ["source": source, "problem": problem]) }
        let learner = model.learner
        guard let objective = Objective(rawValue: learner.objective.name) else {
            throw reject("objective '\(learner.objective.name)' is not supported; supported: \(Objective.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard learner.gradientBooster.name == "gbtree", let booster = learner.gradientBooster.model else {
            throw reject("booster '\(learner.gradientBooster.name)' is not supported; only gbtree")
        }
        guard let baseScore = Float(learner.learnerModelParam.baseScore),
              let featureCount = Int(learner.learnerModelParam.numFeature)
        else { throw reject("unreadable learner_model_param") }
        if let classes = Int(learner.learnerModelParam.numClass), classes > 1 {
            throw reject("multi-class models (num_class = \(classes)) are not supported")
        }

        var roots: [Int32] = []
        var nodes: [Node] = []
        for (index, tree) in booster.trees.enumerated() {
            let count = tree.leftChildren.count
            guard [tree.rightChildren.count, tree.splitIndices.count, tree.splitConditions.count, tree.defaultLeft.count]
                .allSatisfy({ $0 == count }), count > 0
            else { throw reject("tree \(index) has arrays of different lengths") }
            if let types = tree.splitType, types.contains(where: { $0 != 0 }) {
                throw reject("tree \(index) has categorical splits")
            }
            roots.append(Int32(nodes.count))
            nodes.append(Node.leaf(0))
            var pending = [(source: 0, slot: nodes.count - 1)]
            var visited = 0
            while let (source, slot) = pending.popLast() {
                visited += 1
                guard visited <= count else { throw reject("tree \(index) is not a tree (a node is reached twice)") }
                let left = Int(tree.leftChildren[source]), right = Int(tree.rightChildren[source])
                guard left >= 0 else {
                    nodes[slot] = Node.leaf(tree.splitConditions[source])
                    continue
                }
                let feature = Int(tree.splitIndices[source])
                guard left < count, right >= 0, right < count, feature >= 0, feature < featureCount else {
                    throw reject("tree \(index) node \(source) points outside the tree or the features")
                }
                let children = nodes.count
                nodes += [Node.leaf(0), Node.leaf(0)]
                nodes[slot] = Node(
                    value: tree.splitConditions[source],
                    featureAndDefault: UInt32(feature) | (tree.defaultLeft[source] ? Node.defaultLeftBit : 0),
                    left: Int32(children))
                pending += [(source: right, slot: children + 1), (source: left, slot: children)]
            }
        }
        self.objective = objective
        self.featureCount = featureCount
        baseMargin = objective.margin(ofBaseScore: baseScore)
        self.roots = roots
        self.nodes = nodes
    }

    /// The summed margin of one row of `featureCount` values, before the link function.
    public func margin(_ row: UnsafeBufferPointer<Float>) -> Float {
        precondition(row.count >= featureCount, "a row needs \(featureCount) features")
        return nodes.withUnsafeBufferPointer { nodes in
            roots.withUnsafeBufferPointer { roots in
                var sum = baseMargin
                for root in roots { sum += Self.leaf(from: Int(root), nodes, row) }
                return sum
            }
        }
    }

    /// The prediction (probability or value) of one row.
    public func predict(_ row: UnsafeBufferPointer<Float>) -> Float {
        objective.transform(margin(row))
    }

    /// The prediction of one row.
    public func predict(row: [Float]) -> Float {
        row.withUnsafeBufferPointer { predict($0) }
    }

    /// The predictions of every row: trees outer, blocks of rows inner, so a tree stays in cache
    /// while it serves a block.
    public func predict(_ matrix: FloatMatrix) -> [Float] {
        precondition(matrix.columnCount >= featureCount, "rows need \(featureCount) features")
        let width = matrix.columnCount
        var sums = [Float](repeating: baseMargin, count: matrix.rowCount)
        let blockSize = 64
        matrix.values.withUnsafeBufferPointer { values in
            nodes.withUnsafeBufferPointer { nodes in
                roots.withUnsafeBufferPointer { roots in
                    sums.withUnsafeMutableBufferPointer { sums in
                        for blockStart in stride(from: 0, to: sums.count, by: blockSize) {
                            let blockEnd = min(blockStart + blockSize, sums.count)
                            for root in roots {
                                for row in blockStart..<blockEnd {
                                    let features = UnsafeBufferPointer(rebasing: values[row * width..<(row + 1) * width])
                                    sums[row] += Self.leaf(from: Int(root), nodes, features)
                                }
                            }
                        }
                    }
                }
            }
        }
        return sums.map(objective.transform)
    }

    /// The value of the leaf a row reaches from `root`.
    @inline(__always)
    static func leaf(from root: Int, _ nodes: UnsafeBufferPointer<Node>, _ row: UnsafeBufferPointer<Float>) -> Float {
        var index = root
        while true {
            let node = nodes[index]
            guard node.left >= 0 else { return node.value }
            let value = row[Int(node.featureAndDefault & ~Node.defaultLeftBit)]
            let goRight = value.isNaN ? node.featureAndDefault & Node.defaultLeftBit == 0 : !(value < node.value)
            index = Int(node.left) &+ (goRight ? 1 : 0)
        }
    }
}

/// The parts of XGBoost's JSON model schema the evaluator reads.
private struct ModelDocument: Decodable {
    struct Learner: Decodable {
        var gradientBooster: GradientBooster
        var learnerModelParam: ModelParam
        var objective: ObjectiveName

        enum CodingKeys: String, CodingKey {
            case gradientBooster = "gradient_booster", learnerModelParam = "learner_model_param", objective
        }
    }

    struct GradientBooster: Decodable {
        var name: String
        var model: Trees?
    }

    struct Trees: Decodable { var trees: [Tree] }

    struct ModelParam: Decodable {
        var baseScore: String
        var numFeature: String
        var numClass: String

        enum CodingKeys: String, CodingKey { case baseScore = "base_score", numFeature = "num_feature", numClass = "num_class" }
    }

    struct ObjectiveName: Decodable { var name: String }

    struct Tree: Decodable {
        var leftChildren: [Int32]
        var rightChildren: [Int32]
        var splitIndices: [Int32]
        var splitConditions: [Float]
        var defaultLeft: [Bool]
        var splitType: [Int]?

        enum CodingKeys: String, CodingKey {
            case leftChildren = "left_children", rightChildren = "right_children", splitIndices = "split_indices"
            case splitConditions = "split_conditions", defaultLeft = "default_left", splitType = "split_type"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            leftChildren = try container.decode([Int32].self, forKey: .leftChildren)
            rightChildren = try container.decode([Int32].self, forKey: .rightChildren)
            splitIndices = try container.decode([Int32].self, forKey: .splitIndices)
            splitConditions = try container.decode([Float].self, forKey: .splitConditions)
            splitType = try container.decodeIfPresent([Int].self, forKey: .splitType)
            // XGBoost ≥ 1.6 writes 0/1 integers here, earlier releases booleans.
            if let flags = try? container.decode([Int].self, forKey: .defaultLeft) {
                defaultLeft = flags.map { $0 != 0 }
            } else {
                defaultLeft = try container.decode([Bool].self, forKey: .defaultLeft)
            }
        }
    }

    var learner: Learner
}

import Foundation
import Strategy

/// One self-contained HTML page of a backtest (inline SVG and CSS, no scripts or fonts to
/// fetch): price with trade markers, equity and drawdown curves, the statistics and trades.
public enum HTMLReport {
    /// The page for `result` over `bars`, headed `title`.
    public static func render(title: String, bars: BarSeries, result: BacktestResult) -> String {
        let width = 1100.0
        var drawdown = [Double](repeating: 0, count: result.equity.count)
        var peak = -Double.infinity
        for (k, e) in result.equity.enumerated() {
            peak = max(peak, e)
            drawdown[k] = peak > 0 ? (e / peak - 1) * 100 : 0
        }
        let trades = result.trades + result.openTrades
        var markers: [Marker] = []
        for trade in trades {
            markers.append(Marker(bar: trade.entryBar, price: trade.entryPrice, kind: trade.size > 0 ? .long : .short))
            if let bar = trade.exitBar, let price = trade.exitPrice { markers.append(Marker(bar: bar, price: price, kind: .exit)) }
        }
        let statistics = result.statistics.entries.map { "<tr><th>\(escape($0.name))</th><td>\(escape(ReportFormat.statistic($0.value)))</td></tr>" }
        let forex = result.trades.contains { $0.forex != nil }
        let rows = result.trades.map { t in
            "<tr class=\"\(t.pnl >= 0 ? "win" : "loss")\"><td>\(t.size)</td><td>\(t.entryBar)</td><td>\(t.exitBar.map(String.init) ?? "")</td>"
                + "<td>\(ReportFormat.number(t.entryPrice))</td><td>\(t.exitPrice.map(ReportFormat.number) ?? "")</td>"
                + "<td>\(ReportFormat.number(t.pnl))</td><td>\(ReportFormat.number(t.returnPct * 100))</td>"
                + "<td>\(ReportFormat.time(t.entryTime))</td><td>\(t.exitTime.map(ReportFormat.time) ?? "")</td>"
                + (t.forex.map { "<td>\(ReportFormat.lots($0.lots))</td><td>\(String(format: "%.1f", $0.pips))</td>" } ?? "") + "</tr>"
        }
        let times = bars.times
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:24px auto;padding:0 16px;max-width:1100px;color:#222;background:#fff}
            h1{font-size:20px}h2{font-size:16px;margin-top:28px}
            svg{display:block;width:100%;border:1px solid #ddd;background:#fcfcfc;box-sizing:border-box}
            .scale{display:flex;justify-content:space-between;font-size:12px;color:#555;font-variant-numeric:tabular-nums;margin:2px 0}
            .scroll{overflow-x:auto}
            table{border-collapse:collapse;font-variant-numeric:tabular-nums}
            td,th{padding:2px 10px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}th{text-align:left}
            .win td:nth-child(6){color:#1a7f37}.loss td:nth-child(6){color:#cf222e}
            .legend span{margin-right:16px;white-space:nowrap}
            @media (max-width:600px){body{margin:12px auto;padding:0 10px}td,th{padding:2px 6px}.stats th{white-space:normal}}
            </style></head><body>
            <h1>\(escape(title))</h1>
            <p>\(bars.count) bars, \(ReportFormat.time(bars.times.first ?? 0)) to \(ReportFormat.time(bars.times.last ?? 0)); \(result.trades.count) closed trades, \(result.openTrades.count) open.</p>
            <h2>Price and trades</h2>
            <p class="legend"><span style="color:#1a7f37">▲ long entry</span><span style="color:#cf222e">▼ short entry</span><span>● exit</span></p>
            \(framed(chart(bars.close, width: width, height: 320, color: "#0969da", markers: markers), bars.close, times: times, unit: ""))
            <h2>Equity [$]</h2>
            \(framed(chart(result.equity, width: width, height: 200, color: "#8250df", markers: []), result.equity, times: times, unit: ""))
            <h2>Drawdown [%]</h2>
            \(framed(chart(drawdown, width: width, height: 140, color: "#cf222e", markers: [], fill: true), drawdown, times: times, unit: " %"))
            <h2>Statistics</h2>
            <div class="scroll"><table class="stats">\(statistics.joined())</table></div>
            <h2>Trades</h2>
            <div class="scroll"><table><tr><th>Size</th><th>Entry bar</th><th>Exit bar</th><th>Entry price</th><th>Exit price</th><th>PnL</th><th>Return [%]</th><th>Entry time</th><th>Exit time</th>\(forex ? "<th>Lots</th><th>Pips</th>" : "")</tr>
            \(rows.joined(separator: "\n"))</table></div>
            </body></html>

            """
    }

    struct Marker {
        enum Kind { case long, short, exit }
        var bar: Int
        var price: Double
        var kind: Kind
    }

    /// A line chart of `values` as inline SVG, at most about two points a pixel (each pixel
    /// column keeps its low and high, so spikes stay visible).
    static func chart(_ values: [Double], width: Double, height: Double, color: String, markers: [Marker], fill: Bool = false) -> String {
        guard values.count > 1 else { return "<svg width=\"\(Int(width))\" height=\"\(Int(height))\"></svg>" }
        let finite = values.filter(\.isFinite) + markers.map(\.price)
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if high == low { high += 1; low -= 1 }
        let pad = 6.0
        func x(_ bar: Int) -> Double { pad + Double(bar) / Double(values.count - 1) * (width - 2 * pad) }
        func y(_ v: Double) -> Double { pad + (high - v) / (high - low) * (height - 2 * pad) }
        let columns = Int(width)
        var points: [String] = []
        points.reserveCapacity(2 * columns)
        var start = 0
        for column in 0..<columns where start < values.count {
            let end = min(values.count, max(start + 1, (column + 1) * values.count / columns))
            let slice = values[start..<end].filter(\.isFinite)
            if let lo = slice.min(), let hi = slice.max() {
                points.append(String(format: "%.1f,%.1f", x(start), y(values[start].isFinite ? values[start] : lo)))
                if end - start > 1 {
                    points.append(String(format: "%.1f,%.1f", x(end - 1), y(lo)))
                    points.append(String(format: "%.1f,%.1f", x(end - 1), y(hi)))
                }
            }
            start = end
        }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" preserveAspectRatio=\"none\" style=\"height:\(Int(height))px\">"
        if fill {
            svg += "<polygon fill=\"\(color)\" fill-opacity=\"0.25\" points=\"\(String(format: "%.1f,%.1f", x(0), y(0))) \(points.joined(separator: " ")) \(String(format: "%.1f,%.1f", x(values.count - 1), y(0)))\"/>"
        }
        svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.2\" vector-effect=\"non-scaling-stroke\" points=\"\(points.joined(separator: " "))\"/>"
        for marker in markers.prefix(5000) {
            let (mx, my) = (x(marker.bar), y(marker.price))
            switch marker.kind {
            case .long: svg += String(format: "<path d=\"M%.1f %.1fl-4 7h8z\" fill=\"#1a7f37\"/>", mx, my - 1)
            case .short: svg += String(format: "<path d=\"M%.1f %.1fl-4 -7h8z\" fill=\"#cf222e\"/>", mx, my + 1)
            case .exit: svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#333\"/>", mx, my)
            }
        }
        return svg + "</svg>"
    }

    /// `svg` between its scale: the highest value above, the lowest and the dates of the first,
    /// middle and last bars below, as page text that stays readable at any width.
    static func framed(_ svg: String, _ values: [Double], times: [Int64], unit: String) -> String {
        let finite = values.filter(\.isFinite)
        let (low, high) = (finite.min() ?? 0, finite.max() ?? 0)
        let dates = times.isEmpty ? [] : [times[0], times[times.count / 2], times[times.count - 1]].map { String(ReportFormat.time($0).prefix(10)) }
        func label(_ x: Double) -> String { unit.isEmpty ? axisNumber(x) : String(format: "%.2f", x) + unit }
        return "<div class=\"scale\"><span>max \(label(high))</span></div>\n\(svg)\n"
            + "<div class=\"scale\"><span>min \(label(low))</span></div>"
            + "<div class=\"scale\">\(dates.map { "<span>\($0)</span>" }.joined())</div>"
    }

    /// Two decimals from 100 up, five below (prices of forex pairs).
    static func axisNumber(_ x: Double) -> String { String(format: abs(x) >= 100 ? "%.2f" : "%.5f", x) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

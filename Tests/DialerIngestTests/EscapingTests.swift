import Foundation
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

/// Hostile file names and cell values: escaped wherever they are printed, defused in every CSV written.
@Suite struct EscapingTests {
    @Test func terminalEscapesInNamesAndValuesArePrintedEscaped() throws {
        let temp = try TemporaryDirectory()
        let name = "evil\u{1B}[2J\u{1B}]0;owned\u{07}\nname.csv"
        let leads = try temp.write(name, "Nombre\u{1B}[31m,Ciudad\nAna,Salto\n")
        let config = try temp.write("config.yaml", "campaign: X->\ncolumns:\n  number: Telefono\n")
        let result = try Tool.run(
            ["validate", "-c", config, "--log-level", "trace", "--output-dir", temp.file("out"), leads])
        #expect(result.status == 65)
        let printed = result.stdout + result.stderr
        #expect(!printed.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" }, "\(printed.debugDescription)")
        #expect(printed.contains("evil\\u{1b}[2J\\u{1b}]0;owned\\u{7}\\u{a}name.csv"), "\(printed)")
        #expect(printed.contains("'Nombre\\u{1b}[31m'"), "the header in the unknown-column message: \(printed)")
        let summary = try String(contentsOfFile: temp.file("out/report.json"), encoding: .utf8)
        #expect(!summary.unicodeScalars.contains("\u{1B}"), "JSON escapes control characters")
    }

    @Test func everyRejectsCellThatCouldRunAsAFormulaIsDefused() throws {
        let temp = try TemporaryDirectory()
        let hostile = ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tcmd"]
        var text = "telefono,nombre\n" + hostile.map { $0 + ",X\n" }.joined()
        for index in 0..<6 { text += "09834448\(index),Ok\n" }
        let leads = try temp.write("formulas.csv", text)
        let result = try Tool.run(["validate", "-c", "fixtures/config.yaml", "--output-dir", temp.file("out"), leads])
        #expect(result.status == 0, "\(result.stderr)")
        let rejects = try String(contentsOfFile: temp.file("out/report.rejects.csv"), encoding: .utf8)
        for value in hostile {
            // The raw record, quoted (it holds the delimiter), starts with a quote mark: text, not a formula.
            #expect(rejects.contains("\"'\(value),X\""), "\(value.debugDescription) in \(rejects)")
        }
        // No cell anywhere starts with a formula character.
        let cellStarts = rejects.split(separator: "\n").flatMap { $0.split(separator: ",") }
            .map { $0.hasPrefix("\"") ? $0.dropFirst() : $0 }
        #expect(!cellStarts.contains { ["=", "+", "-", "@", "\t"].contains($0.first.map(String.init) ?? "") })
    }
}

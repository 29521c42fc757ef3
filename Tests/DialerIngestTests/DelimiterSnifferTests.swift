import Foundation
import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

@Suite("Delimiter sniffing")
struct DelimiterSnifferTests {
    @Test(
        arguments: [
            ("nombre,tel,ciudad\nAna,099,Salto\nLuis,098,Minas\n", ","),
            ("nombre;tel;ciudad\r\nAna;099;Salto\r\nLuis;098;Minas", ";"),
            ("nombre\ttel\tciudad\nAna\t099\tSalto\n", "\t"),
            ("nombre|tel|ciudad\nAna|099|Salto\n", "|"),
            ("nombre;direccion;tel\nAna;\"Calle 1, 2, 3\";099\nLuis;\"Av. 4, 5\";098\n", ";"),
            ("\"Apellido, Nombre\";Telefono;Ciudad\n\"Pérez, Ana\";099;\"Salto, UY\"\n", ";"),
            ("\"Last, First\",Phone,City\n\"Doe, J\",1,X\n\"Roe, K\",2,Y\n", ","),
            ("name,note,phone\nAna,\"a;b;c;d\",1\nLuis,\"x\ny;z\",2\n", ","),
            // Counted outside quotes, `;` would look like the more consistent, wider delimiter.
            ("id,\"notes; more; more\"\n1,\"a; b; c\"\n2,\"x; y; z\"\n", ","),
            ("a;b,c\n1;2,3\n4;5,6\n7;8,9,10\n", ";"),
            ("name;phone", ";"),
            ("", ","),
        ] as [(String, Character)])
    func picksTheDelimiter(_ text: String, _ expected: Character) throws {
        let sniffed = DelimiterSniffer.sniff(Array(text.utf8)[...])
        #expect(sniffed == (try #require(expected.asciiValue)))
    }

    @Test func delimiterNames() {
        #expect(DelimiterSniffer.name(of: 0x09) == "tab")
        #expect(DelimiterSniffer.name(of: 0x3B) == ";")
        #expect(DelimiterSniffer.name(of: 0x2C) == ",")
    }
}

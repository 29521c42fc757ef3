import Testing

@testable import DialerIngest
@testable import IngestCore
@testable import IngestDelivery
@testable import IngestWatch

private func resolve(_ headers: [String], _ columns: IngestConfig.Columns? = nil) throws -> ColumnMap {
    try ColumnMap.resolve(headers: headers, columns: columns, file: "leads.csv", line: 1)
}

private func resolveError(_ headers: [String], _ columns: IngestConfig.Columns? = nil, line: Int = 1) -> IngestError? {
    do {
        let map = try ColumnMap.resolve(headers: headers, columns: columns, file: "leads.csv", line: line)
        Issue.record("resolved \(headers) to \(map)")
    } catch {
        return error
    }
    return nil
}

@Suite("Column mapping")
struct ColumnMapTests {
    @Test(arguments: [
        "Teléfono", "TELEFONO ", " telefono", "Tel.", "Celular", "Móvil", "phone number", "Phone", "Telefone",
        "WhatsApp", "Número", "NUMERO 2", "number1", "Teléfono_Móvil", "Mobile", "Telemóvel", "Nro",
    ])
    func phoneHeadersAreRecognised(_ header: String) throws {
        let map = try resolve(["Nombre", header, "Ciudad"])
        #expect(map.number == 1)
        #expect(map.vars.map(\.key) == ["Nombre", "Ciudad"])
    }

    @Test(arguments: [
        "Número de cliente", "Nombre", "Telefonista", "Numeración", "phonetic", "Dirección", "id", "Notas",
    ])
    func otherHeadersAreNotPhones(_ header: String) throws {
        let map = try resolve([header, "Celular"])
        #expect(map.number == 1)
        #expect(map.alternatives.isEmpty)
        #expect(map.vars.map(\.index) == [0])
    }

    @Test func firstPhoneColumnIsTheNumberTheRestAlternatives() throws {
        let map = try resolve(["ID", "Nombre", "Celular", "Email", "Teléfono", "WhatsApp", "Ciudad"])
        #expect(map.number == 2)
        #expect(map.alternatives == [.init(index: 4, type: nil), .init(index: 5, type: nil)])
        #expect(map.vars.map(\.key) == ["ID", "Nombre", "Email", "Ciudad"])
        #expect(map.vars.map(\.index) == [0, 1, 3, 6])
    }

    /// A row counter (`No.`, `Número`) before the phone column must not become the number, and a sales
    /// `Zone` is not a time zone: either would reject every row.
    @Test func countersAndSalesZonesDoNotTakeTheNumberOrTheZone() throws {
        let map = try resolve(["No.", "Nombre", "Zone", "Teléfono"])
        #expect(map.number == 3)
        #expect(map.alternatives.isEmpty)
        #expect(map.timezone == nil)
        #expect(map.vars.map(\.key) == ["No.", "Nombre", "Zone"])
        let numbered = try resolve(["Número", "Nombre", "Celular"])
        #expect(numbered.number == 2)
        #expect(numbered.alternatives == [.init(index: 0, type: nil)])
    }

    /// One column configured in two roles is a config error, not a column read two ways.
    @Test func aColumnConfiguredInTwoRolesIsAConfigError() throws {
        var columns = IngestConfig.Columns()
        columns.number = "telefono"
        columns.priority = "Teléfono"
        let error = resolveError(["Nombre", "Teléfono"], columns)
        #expect(error?.code == .configInvalid)
        #expect(error?.message == "columns: 'Teléfono' is configured as both number and priority")
        columns.priority = nil
        columns.alternatives = [.init(column: "celular"), .init(column: "TELEFONO")]
        let twice = resolveError(["Teléfono", "Celular"], columns)
        #expect(twice?.message.contains("both number and alternative") == true)
    }

    @Test func roleColumnsAreRecognisedAndLeaveTheVars() throws {
        let headers = ["Nombre", "Teléfono", "Prioridad", "Campaña", "Zona horaria", "Telefono agente", "Saldo"]
        let map = try resolve(headers)
        #expect(map.number == 1)
        #expect(map.priority == 2)
        #expect(map.campaign == 3)
        #expect(map.timezone == 4)
        #expect(map.agentphone == 5)
        // "Telefono agente" is the agent's phone, not an alternative.
        #expect(map.alternatives.isEmpty)
        #expect(map.vars.map(\.key) == ["Nombre", "Saldo"])
        #expect(
            map.summary == [
                "number": "Teléfono", "priority": "Prioridad", "campaign": "Campaña", "timezone": "Zona horaria",
                "agentphone": "Telefono agente", "vars": "Nombre, Saldo",
            ])
    }

    @Test(arguments: [
        (["phone", "priority", "campaign", "timezone", "agent_phone"], [1, 2, 3, 4]),
        (["Telefone", "Prioridade", "Campanha", "Fuso horário", "AgentPhone"], [1, 2, 3, 4]),
        (["tel", "PRIORITY", "Campaign Name", "TZ", "Agent-Phone"], [1, 2, 3, 4]),
    ])
    func rolesInEnglishAndPortuguese(_ headers: [String], _ roles: [Int]) throws {
        let map = try resolve(headers)
        #expect(map.number == 0)
        #expect([map.priority, map.campaign, map.timezone, map.agentphone] == roles.map { Optional($0) })
        #expect(map.vars.isEmpty)
    }

    @Test func duplicateAndEmptyHeadersGetUniqueKeys() throws {
        let map = try resolve(["Tel", "Nombre", "Nombre", "", "Nombre", "Nombre_2", "Fecha:Alta", "a=b;c"])
        let keys = map.vars.map(\.key)
        #expect(keys == ["Nombre", "Nombre_2", "column4", "Nombre_3", "Nombre_2_2", "Fecha Alta", "a b c"])
        #expect(Set(keys).count == keys.count)
        #expect(map.vars.map(\.index) == [1, 2, 3, 4, 5, 6, 7])
    }

    @Test func configuredNamesMatchIgnoringCaseAccentsAndSpaces() throws {
        var columns = IngestConfig.Columns()
        columns.number = "telefono"
        columns.alternatives = [.init(column: "CELULAR"), .init(column: "trabajo", type: "W")]
        columns.vars = [.init(key: "cliente", column: "nombre y apellido"), .init(key: "Ciudad", column: "ciudad")]
        columns.priority = "prioridad"
        columns.agentphone = "agente"
        columns.campaign = "CAMPAÑA"
        columns.timezone = "zona"
        let headers = [
            " Nombre_y_Apellido ", "TELÉFONO", "Celular ", "Trabajo", "Ciudad", "Prioridad", "Agente", "campana",
            "Zona", "Extra",
        ]
        let map = try resolve(headers, columns)
        #expect(map.number == 1)
        #expect(map.alternatives == [.init(index: 2, type: nil), .init(index: 3, type: "W")])
        #expect(map.vars == [.init(key: "cliente", index: 0), .init(key: "Ciudad", index: 4)])
        #expect(map.priority == 5)
        #expect(map.agentphone == 6)
        #expect(map.campaign == 7)
        #expect(map.timezone == 8)
    }

    @Test func configuredNumberWithoutAlternativesLeavesOtherPhonesAsVars() throws {
        var columns = IngestConfig.Columns()
        columns.number = "Celular"
        let map = try resolve(["Teléfono", "Celular", "Prioridad"], columns)
        #expect(map.number == 1)
        #expect(map.alternatives.isEmpty)
        // With `columns:` configured, roles are not guessed: Prioridad is an ordinary var.
        #expect(map.priority == nil)
        #expect(map.vars.map(\.key) == ["Teléfono", "Prioridad"])
    }

    @Test func configuredVarsOnlyStillDetectTheNumber() throws {
        var columns = IngestConfig.Columns()
        columns.vars = [.init(key: "n", column: "Nombre")]
        let map = try resolve(["Nombre", "Móvil", "Teléfono", "Ciudad"], columns)
        #expect(map.number == 1)
        #expect(map.alternatives == [.init(index: 2, type: nil)])
        #expect(map.vars == [.init(key: "n", index: 0)])
    }

    @Test(arguments: [
        ("number", "Telefono2"), ("priority", "Prio"), ("agentphone", "Agente"), ("campaign", "campaign"),
        ("timezone", "tz"),
    ])
    func unknownConfiguredColumnIsNamed(_ role: String, _ column: String) {
        var columns = IngestConfig.Columns()
        switch role {
        case "number": columns.number = column
        case "priority": columns.priority = column
        case "agentphone": columns.agentphone = column
        case "campaign": columns.campaign = column
        default: columns.timezone = column
        }
        let error = resolveError(["Nombre", "Telefono"], columns, line: 3)
        #expect(error?.code == .unknownColumn)
        #expect(error?.message.contains("the \(role) column '\(column)' is not in the header") == true)
        #expect(error?.message.contains("'Nombre', 'Telefono'") == true)
        #expect(error?.file == "leads.csv")
        #expect(error?.line == 3)
    }

    @Test func unknownConfiguredAlternativeOrVarIsNamed() {
        var columns = IngestConfig.Columns()
        columns.alternatives = [.init(column: "Fijo")]
        #expect(resolveError(["Telefono"], columns)?.message.contains("alternative column 'Fijo'") == true)
        columns.alternatives = nil
        columns.vars = [.init(key: "x", column: "Apellido")]
        let error = resolveError(["Telefono"], columns)
        #expect(error?.code == .unknownColumn)
        #expect(error?.message.contains("var column 'Apellido'") == true)
    }

    @Test(arguments: [["Nombre", "Email", "Número de cliente"], ["a"], [""]])
    func noPhoneColumnIsAnError(_ headers: [String]) {
        let error = resolveError(headers, line: 2)
        #expect(error?.code == .noNumberColumn)
        #expect(error?.message.contains("columns.number") == true)
        #expect(error?.line == 2)
    }

    @Test func headerNamesFold() {
        #expect(HeaderName.folded(" Teléfono_Móvil ") == "telefono movil")
        #expect(HeaderName.folded("NÚMERO-de.Cliente") == "numero de cliente")
        #expect(HeaderName.folded("Fuso/Horário\t") == "fuso horario")
    }
}

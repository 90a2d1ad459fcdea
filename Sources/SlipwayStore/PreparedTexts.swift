import PostgresKit
import Synchronization

/// Named prepared statements for fixed-text reads on PostgreSQL (`SQLStore.readPlainPrepared`).
///
/// PostgresNIO keeps a connection's prepared statements by a type's static name and text. So
/// each text, with its parameter types, takes one of a fixed set of slot types the first time it
/// is read, and keeps it for the life of the process. A text past the last slot is read unnamed,
/// as every other query is.
enum PreparedTexts {
    struct Text: Equatable {
        let sql: String
        let types: [PostgresDataType]
    }

    static let slots: [any PreparedSlot.Type] = [Slot0.self, Slot1.self, Slot2.self, Slot3.self, Slot4.self, Slot5.self, Slot6.self, Slot7.self]
    private static let assigned = Mutex<[Text]>([])

    /// The slot of `text`: its own, a new one, or nil when every slot is taken.
    static func slot(for text: Text) -> (any PreparedSlot.Type)? {
        assigned.withLock { texts in
            if let index = texts.firstIndex(of: text) { return slots[index] }
            guard texts.count < slots.count else { return nil }
            texts.append(text)
            return slots[texts.count - 1]
        }
    }

    /// The text a slot was given (only asked for once it has one).
    static func text(at index: Int) -> Text { assigned.withLock { $0[index] } }
}

protocol PreparedSlot { static var index: Int { get } }
enum Slot0: PreparedSlot { static let index = 0 }
enum Slot1: PreparedSlot { static let index = 1 }
enum Slot2: PreparedSlot { static let index = 2 }
enum Slot3: PreparedSlot { static let index = 3 }
enum Slot4: PreparedSlot { static let index = 4 }
enum Slot5: PreparedSlot { static let index = 5 }
enum Slot6: PreparedSlot { static let index = 6 }
enum Slot7: PreparedSlot { static let index = 7 }

/// The statement of a slot: its text and parameter types as the slot was given them.
struct SlotStatement<Slot: PreparedSlot>: PostgresPreparedStatement {
    typealias Row = PostgresRow
    static var name: String { "slipway_read_\(Slot.index)" }
    static var sql: String { PreparedTexts.text(at: Slot.index).sql }
    static var bindingDataTypes: [PostgresDataType] { PreparedTexts.text(at: Slot.index).types }
    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

import PostgresKit
import Synchronization

/// Named prepared statements for statements of recurring text on PostgreSQL
/// (`SQLStore.readPlainPrepared`, `SQLStore.writePlainPrepared`).
///
/// PostgresNIO keeps a connection's prepared statements by a type's static name and text. So a
/// text, with its parameter types, takes one of a fixed set of slot types, and keeps it for the
/// life of the process. Reads (a few texts that nearly every request runs) take a slot the first
/// time; writes (the engine's, whose batches take many shapes) on their sixteenth sighting, so
/// that the shapes that recur take the slots, not the first ones seen (a benchmark run made 617
/// distinct write texts; about 40 ran 16 times or more, and with a slot on the second sighting
/// the slots were gone before its pipelines' insert was first seen). PostgreSQL plans a named
/// statement's first five runs on a connection anyway. A text without a slot runs unnamed, as
/// every other query does.
enum PreparedTexts {
    struct Text: Hashable {
        let sql: String
        let types: [PostgresDataType]
    }

    enum Use { case read, write }

    /// The slots of one use: `capacity` slots from `first` on, each given to a text of at most
    /// `maxLength` bytes on its `sightings`th sighting. Texts seen fewer times are remembered by
    /// their hash (a batch's text can be tens of KiB), up to `candidates`, then forgotten all
    /// together; two texts of one hash only take a slot a sighting early.
    struct Registry {
        let first: Int
        let capacity: Int
        let sightings: Int
        var candidates = 1_024
        var maxLength = 16_384
        private(set) var texts: [Text] = []
        private var slotOf: [Text: Int] = [:]
        private var seen: [Int: Int] = [:]

        init(first: Int, capacity: Int, sightings: Int) {
            self.first = first
            self.capacity = capacity
            self.sightings = sightings
        }

        /// The slot index of `text`: its own, a new one, or nil (not seen often enough yet, or
        /// every slot taken).
        mutating func slot(for text: Text) -> Int? {
            // Length first: a long batch's text is neither hashed nor looked up.
            guard text.sql.utf8.count <= maxLength else { return nil }
            if let index = slotOf[text] { return index }
            guard texts.count < capacity else { return nil }
            let hash = text.hashValue
            let sighting = (seen.removeValue(forKey: hash) ?? 0) + 1
            guard sighting >= sightings else {
                if seen.count >= candidates { seen.removeAll() }
                seen[hash] = sighting
                return nil
            }
            let index = first + texts.count
            slotOf[text] = index
            texts.append(text)
            return index
        }

        func text(at index: Int) -> Text { texts[index - first] }
    }

    /// How many texts may be prepared: each connection that runs one keeps it until it closes.
    static let slots: [any PreparedSlot.Type] = makeSlots(64)
    private static let readSlots = 16
    private static let reads = Mutex(Registry(first: 0, capacity: readSlots, sightings: 1))
    private static let writes = Mutex(Registry(first: readSlots, capacity: slots.count - readSlots, sightings: writeSightings))
    static let writeSightings = 16

    /// The slot of `text`, or nil: it runs unnamed.
    static func slot(for text: Text, _ use: Use) -> (any PreparedSlot.Type)? {
        let index =
            switch use {
            case .read: reads.withLock { $0.slot(for: text) }
            case .write: writes.withLock { $0.slot(for: text) }
            }
        return index.map { slots[$0] }
    }

    /// The text a slot was given (only asked for once it has one).
    static func text(at index: Int) -> Text {
        index < readSlots ? reads.withLock { $0.text(at: index) } : writes.withLock { $0.text(at: index) }
    }

    /// Write slots not taken yet.
    static var writeSlotsLeft: Int { writes.withLock { $0.capacity - $0.texts.count } }

    /// `count` distinct slot types: the eight named ones, then one eight above each of them,
    /// and so on (generic types are made at run time, so any number can be).
    private static func makeSlots(_ count: Int) -> [any PreparedSlot.Type] {
        var slots: [any PreparedSlot.Type] = [Slot0.self, Slot1.self, Slot2.self, Slot3.self, Slot4.self, Slot5.self, Slot6.self, Slot7.self]
        while slots.count < count { slots.append(slots[slots.count - 8].above) }
        return Array(slots.prefix(count))
    }
}

protocol PreparedSlot { static var index: Int { get } }
extension PreparedSlot {
    /// The slot eight above this one.
    static var above: any PreparedSlot.Type { Above<Self>.self }
}
enum Slot0: PreparedSlot { static let index = 0 }
enum Slot1: PreparedSlot { static let index = 1 }
enum Slot2: PreparedSlot { static let index = 2 }
enum Slot3: PreparedSlot { static let index = 3 }
enum Slot4: PreparedSlot { static let index = 4 }
enum Slot5: PreparedSlot { static let index = 5 }
enum Slot6: PreparedSlot { static let index = 6 }
enum Slot7: PreparedSlot { static let index = 7 }
/// The slot eight above `Low`.
enum Above<Low: PreparedSlot>: PreparedSlot { static var index: Int { Low.index + 8 } }

/// The statement of a slot: its text and parameter types as the slot was given them.
struct SlotStatement<Slot: PreparedSlot>: PostgresPreparedStatement {
    typealias Row = PostgresRow
    static var name: String { "slipway_prepared_\(Slot.index)" }
    static var sql: String { PreparedTexts.text(at: Slot.index).sql }
    static var bindingDataTypes: [PostgresDataType] { PreparedTexts.text(at: Slot.index).types }
    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

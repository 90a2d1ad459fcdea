import SQLKit
import SlipwayCore

struct TriggerDeliveryRow: Codable {
    var id: Int64
    var deliveryId: String
    var provider: String
    var event: String
    var headers: String
    var body: String
    var signatureStatus: String
    var receivedAt: Int64
    var decision: String
    var taskRef: String

    var delivery: TriggerDelivery {
        TriggerDelivery(
            id: id, deliveryID: deliveryId, provider: provider, event: event,
            headers: JSONColumn.decode([String: String].self, from: headers, default: [:]), body: body,
            signatureStatus: signatureStatus, receivedAt: receivedAt, decision: decision, taskRef: taskRef)
    }
}

/// The list columns of a delivery: all but the body.
struct TriggerDeliverySummaryRow: PlainReadable {
    var id: Int64
    var deliveryId: String
    var provider: String
    var event: String
    var headers: String
    var signatureStatus: String
    var receivedAt: Int64
    var decision: String
    var taskRef: String
    var bodyBytes: Int

    static let plainColumns: [PlainColumn] = [
        .int("id"), .text("delivery_id"), .text("provider"), .text("event"), .text("headers"), .text("signature_status"),
        .int("received_at"), .text("decision"), .text("task_ref"), .int("body_bytes"),
    ]

    init(_ row: PlainRow) {
        id = row.int(0)
        deliveryId = row.text(1)
        provider = row.text(2)
        event = row.text(3)
        headers = row.text(4)
        signatureStatus = row.text(5)
        receivedAt = row.int(6)
        decision = row.text(7)
        taskRef = row.text(8)
        bodyBytes = Int(row.int(9))
    }

    var summary: TriggerDeliverySummary {
        TriggerDeliverySummary(
            id: id, deliveryID: deliveryId, provider: provider, event: event,
            headers: JSONColumn.decode([String: String].self, from: headers, default: [:]), signatureStatus: signatureStatus,
            receivedAt: receivedAt, decision: decision, taskRef: taskRef, bodyBytes: bodyBytes)
    }
}

/// The webhook inbox: every delivery, stored before anything acts on it, with the decision taken.
package struct TriggerDeliveryRepository: Sendable {
    let sql: any SQLStore

    static let providerCounter = "trigger_deliveries.provider"

    /// Store a delivery as received; returns it with its row id. It takes the next dense `seq`
    /// and the next number of its provider (`provider_seq`, counted in `keyed_counters`) in the
    /// same transaction (deliveries are never deleted).
    package func record(_ delivery: TriggerDelivery) async throws -> TriggerDelivery {
        try await sql.write { db in
            let seq = try await RowSequence.next("trigger_deliveries", db)
            let providerSeq = try await KeyedSequence.next(Self.providerCounter, delivery.provider, db)
            let id =
                try await db.insert(into: "trigger_deliveries")
                .columns(
                    "delivery_id", "provider", "event", "headers", "body", "signature_status", "received_at", "decision", "task_ref",
                    "seq", "body_bytes", "provider_seq"
                )
                .values(
                    SQLBind(delivery.deliveryID), SQLBind(delivery.provider), SQLBind(delivery.event),
                    SQLBind(JSONColumn.encode(delivery.headers)), SQLBind(delivery.body), SQLBind(delivery.signatureStatus),
                    SQLBind(delivery.receivedAt), SQLBind(delivery.decision), SQLBind(delivery.taskRef),
                    SQLBind(seq), SQLBind(delivery.body.utf8.count), SQLBind(providerSeq)
                )
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            var stored = delivery
            stored.id = id
            return stored
        }
    }

    /// Record what was decided about a delivery.
    package func decide(id: Int64, signatureStatus: String, decision: String, taskRef: String) async throws {
        try await sql.write { db in
            try await db.update("trigger_deliveries").set("signature_status", to: SQLBind(signatureStatus))
                .set("decision", to: SQLBind(decision)).set("task_ref", to: SQLBind(taskRef))
                .where("id", .equal, id).run()
        }
    }

    package func get(id: Int64) async throws -> TriggerDelivery? {
        try await sql.read { db in
            try await db.select().column("*").from("trigger_deliveries").where("id", .equal, id)
                .first(decoding: TriggerDeliveryRow.self, keyDecodingStrategy: .snakeCase)?.delivery
        }
    }

    /// The earliest stored row with this provider delivery id other than `excluding`.
    package func first(deliveryID: String, provider: String, excluding id: Int64) async throws -> TriggerDelivery? {
        try await sql.read { db in
            try await db.select().column("*").from("trigger_deliveries").where("delivery_id", .equal, deliveryID)
                .where("provider", .equal, provider).where("id", .notEqual, id).orderBy("id").limit(1)
                .first(decoding: TriggerDeliveryRow.self, keyDecodingStrategy: .snakeCase)?.delivery
        }
    }

    /// Newest first, optionally one provider, without bodies, at O(page) at any offset: the
    /// rows are one range of the `seq` index, or of the `(provider, provider_seq)` index for one
    /// provider (`TriggerDeliveryRepository+Pages.swift`).
    package func list(provider: String?, limit: Int, offset: Int = 0) async throws -> [TriggerDeliverySummary] {
        let size = max(0, min(limit, 500)), skip = max(0, offset)
        guard let provider else {
            return try await RowSequence.page("trigger_deliveries", as: TriggerDeliverySummaryRow.self, skip: skip, size: size, sql)
                .rows.map(\.summary)
        }
        let total = try await count(provider: provider)
        guard let page = Self.providerPage(provider, total: total, skip: skip, size: size) else { return [] }
        return try await sql.readPlain(page, columns: TriggerDeliverySummaryRow.plainColumns).map { TriggerDeliverySummaryRow($0).summary }
    }

    /// How many deliveries carry a signature status (reliability checks).
    package func count(signatureStatus: String) async throws -> Int {
        try await sql.read { db in
            try await db.count("trigger_deliveries") { $0.where("signature_status", .equal, signatureStatus) }
        }
    }
}

import SQLKit

/// `SELECT <columns> FROM <table> WHERE <column> = <value>` from text fixed once, for the
/// lookups every request makes (token, user, project, workflow): SQLKit's builder re-serializes
/// its expression tree on each call, which cost more than running the query. Table and column
/// names are the store's own constants, never input; the value is always bound.
struct FixedSelect: Sendable {
    let head: String

    init(_ columns: [String], from table: String, where column: String) {
        head = "SELECT \(columns.joined(separator: ", ")) FROM \(table) WHERE \(column) = "
    }

    /// The query for `value`, to run with `first(decoding:)`, `all()`, ….
    func callAsFunction(_ value: some Encodable & Sendable, _ db: any SQLDatabase) -> SQLRawBuilder {
        db.raw("\(unsafeRaw: head)\(bind: value)")
    }
}

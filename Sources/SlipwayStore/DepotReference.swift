import SQLKit

/// A `depot_id` column where the domain's 0 means "no depot" (a user's own SSH key, an
/// application of an external repository). It is stored as NULL, so the foreign key to `depots`
/// (migration 14) holds for every row.
enum DepotReference {
    /// The stored value of a domain depot id.
    static func stored(_ depotID: Int64) -> Int64? { depotID == 0 ? nil : depotID }
}

extension SQLPredicateBuilder {
    /// `depot_id = id`, or `depot_id IS NULL` for 0 ("no depot").
    func whereDepot(_ depotID: Int64) -> Self {
        depotID == 0 ? self.where("depot_id", .is, SQLLiteral.null) : self.where("depot_id", .equal, depotID)
    }
}

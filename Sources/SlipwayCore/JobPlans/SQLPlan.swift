/// An `sql` job: a script of statements for a registered database.
package struct SQLPlan: Sendable, Equatable {
    /// The database: `id`, else `database_name`, else `name`.
    package var database: String
    package var script: String

    package init(database: String, script: String) {
        self.database = database
        self.script = script
    }

    package init(_ spec: SpecReader) throws(JobPlanError) {
        try spec.requireObjectOrAbsent()
        database = try spec["id"].optionalString(or: spec["database_name"], spec["name"]) ?? ""
        script = try spec["sql"].string()
    }

    package func mapTemplates(_ text: (String) -> String) -> SQLPlan {
        SQLPlan(database: text(database), script: text(script))
    }
}

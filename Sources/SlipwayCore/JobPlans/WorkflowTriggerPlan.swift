/// A `workflow-trigger` job: start other workflows (`fixed_workflow_list`) and, with
/// `is_enable_check`, wait for them.
package struct WorkflowTriggerPlan: Sendable, Equatable {
    package var targets: [Target]
    package var waitsForCompletion: Bool

    /// One workflow to start. Entries without a workflow name are left out.
    package struct Target: Sendable, Equatable {
        /// `workflow_name`, else `workflow_key`.
        package var workflow: String
        /// `project_name`, else `project_key`; nil means the triggering task's project.
        package var project: String?
        /// Parameter values by name.
        package var params: [String: String]

        package init(workflow: String, project: String? = nil, params: [String: String] = [:]) {
            self.workflow = workflow
            self.project = project
            self.params = params
        }
    }

    package init(targets: [Target], waitsForCompletion: Bool = false) {
        self.targets = targets
        self.waitsForCompletion = waitsForCompletion
    }

    package init(_ spec: SpecReader) throws(JobPlanError) {
        try spec.requireObjectOrAbsent()
        var targets: [Target] = []
        for entry in try spec["fixed_workflow_list"].items() {
            try entry.requireObjectOrAbsent()
            guard let key = try entry["workflow_name"].optionalString(or: entry["workflow_key"]), !key.isEmpty else { continue }
            var params: [String: String] = [:]
            for param in try entry["params"].items() {
                try param.requireObjectOrAbsent()
                if let name = try param["name"].optionalString() { params[name] = try param["value"].string() }
            }
            targets.append(
                Target(
                    workflow: key, project: try entry["project_name"].optionalString(or: entry["project_key"]),
                    params: params))
        }
        self.targets = targets
        waitsForCompletion = try spec["is_enable_check"].bool()
    }

    package func mapTemplates(_ text: (String) -> String) -> WorkflowTriggerPlan {
        let mapped = targets.map { target in
            Target(
                workflow: text(target.workflow), project: target.project.map(text),
                params: Dictionary(target.params.map { (text($0.key), text($0.value)) }, uniquingKeysWith: { $1 }))
        }
        return WorkflowTriggerPlan(targets: mapped, waitsForCompletion: waitsForCompletion)
    }
}

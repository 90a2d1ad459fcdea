/// The project-level resources and the actions a role can grant on them (Zadig's policy definitions).
package enum ResourceCatalog {
    package struct Resource: Sendable, Equatable {
        package var name: String
        package var alias: String
        package var actions: [(action: String, alias: String)]

        package static func == (lhs: Resource, rhs: Resource) -> Bool {
            lhs.name == rhs.name && lhs.actions.map(\.action) == rhs.actions.map(\.action)
        }
    }

    /// Every resource of a Kubernetes project, in display order.
    package static let kubernetes: [Resource] = [
        Resource(
            name: "Workflow", alias: "工作流",
            actions: [
                ("get_workflow", "查看"), ("create_workflow", "新建"), ("edit_workflow", "编辑"),
                ("delete_workflow", "删除"), ("run_workflow", "执行"), ("debug_workflow", "调试"),
            ]),
        Resource(
            name: "Environment", alias: "测试环境",
            actions: [
                ("get_environment", "查看"), ("create_environment", "新建"), ("config_environment", "配置"),
                ("manage_environment", "管理服务实例"), ("delete_environment", "删除"), ("debug_pod", "调试"),
            ]),
        Resource(
            name: "ProductionEnvironment", alias: "生产环境",
            actions: [
                ("get_production_environment", "查看"), ("create_production_environment", "新建"),
                ("config_production_environment", "配置"), ("edit_production_environment", "管理服务实例"),
                ("delete_production_environment", "删除"), ("production_debug_pod", "调试"),
            ]),
        Resource(
            name: "Service", alias: "测试服务",
            actions: [
                ("get_service", "查看"), ("create_service", "新建"), ("edit_service", "编辑"), ("delete_service", "删除"),
            ]),
        Resource(
            name: "ProductionService", alias: "生产服务",
            actions: [
                ("get_production_service", "查看"), ("create_production_service", "新建"),
                ("edit_production_service", "编辑"), ("delete_production_service", "删除"),
            ]),
        Resource(
            name: "Build", alias: "构建",
            actions: [
                ("get_build", "查看"), ("create_build", "新建"), ("edit_build", "编辑"), ("delete_build", "删除"),
            ]),
        Resource(
            name: "Test", alias: "测试",
            actions: [
                ("get_test", "查看"), ("create_test", "新建"), ("edit_test", "编辑"), ("delete_test", "删除"),
                ("run_test", "执行"),
            ]),
        Resource(
            name: "Scan", alias: "代码扫描",
            actions: [
                ("get_scan", "查看"), ("create_scan", "新建"), ("edit_scan", "编辑"), ("delete_scan", "删除"),
                ("run_scan", "执行"),
            ]),
        Resource(
            name: "Delivery", alias: "版本管理",
            actions: [
                ("get_delivery", "查看"), ("create_delivery", "新建"), ("delete_delivery", "删除"),
            ]),
    ]

    /// VM ("pm") projects have no Kubernetes-only resources.
    package static let virtualMachine: [Resource] = kubernetes.filter {
        !["ProductionEnvironment", "ProductionService"].contains($0.name)
    }

    /// The catalog for an `envType` as Zadig names it (`pm` or anything else for Kubernetes).
    package static func resources(envType: String) -> [Resource] {
        envType == "pm" ? virtualMachine : kubernetes
    }

    package static let allActions: Set<String> = Set(kubernetes.flatMap { $0.actions.map(\.action) })

    /// The resource an action belongs to.
    package static func resource(of action: String) -> String? {
        kubernetes.first { $0.actions.contains { $0.action == action } }?.name
    }
}

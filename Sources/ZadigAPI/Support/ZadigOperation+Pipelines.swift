import SlipwayServices

/// The documented codes of workflow, view and ticket failures, and which code each pipeline
/// service failure answers with: the one table from domain errors to Zadig operation codes.
extension ZadigOperation {
    package static let createView = ZadigOperation(code: 6892, message: "创建视图失败")
    package static let updateView = ZadigOperation(code: 6893, message: "更新视图失败")
    package static let deleteView = ZadigOperation(code: 6894, message: "删除视图失败")
    package static let createTicket = ZadigOperation(code: 7100, message: "创建预审批单失败")

    /// The operation a pipeline service failure is reported under.
    static func failing(_ error: PipelineError) -> ZadigOperation {
        switch error {
        case .workflowExists: .workflowExists
        case .saveRefused: .upsertWorkflow
        case .deleteRefused: .deleteWorkflow
        case .runRefused: .createTask
        case .notRetryable: .retryTask
        case .viewRefused(.create, _): .createView
        case .viewRefused(.update, _): .updateView
        case .viewRefused(.delete, _): .deleteView
        }
    }
}

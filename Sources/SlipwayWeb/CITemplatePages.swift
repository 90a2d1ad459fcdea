import Foundation
import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// The team CI build templates (system administrators only; others get the not-found page), as
/// `/api/slipway/ci/templates`: the list with each template's Jenkinsfile and variables (a
/// sensitive variable's value is sealed and never shown), a form that creates one and a button
/// that deletes one.
///
/// The form's sensitive values come in password fields named `secret.N`: the operation log's
/// redactor hides a field whose name looks secret, so they never reach the log.
extension OperationsPages {
    /// Sensitive variable rows of the form.
    static let sensitiveRows = 4
    /// Variables a template holds at most (as the API).
    static let maxTemplateVariables = 200
    /// The operation log's name for template writes, the API's.
    static let templateLogFunction = "团队构建模版"
    var ci: CIService { CIService(web.services) }

    @Sendable func ciTemplates(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, layout) = try administrator(request)
        let templates = try await ci.templates()
        let rows = templates.map { templateRow($0, layout: layout) }
        let headers = [
            strings(.templateName), strings(.description), strings(.jenkinsfile), strings(.variables), strings(.createdBy),
            strings(.created), "",
        ]
        let body: HTML = """
            <h1>\(strings(.adminCITemplates))</h1>
            \(table(headers, rows, empty: .noCITemplates))
            \(templateForm(layout))
            """
        return WebResponse.page(layout.page(title: strings(.adminCITemplates), body))
    }

    func templateRow(_ template: CITemplate, layout: Layout) -> HTML {
        let variables = template.env.map { variable -> HTML in
            variable.sensitive
                ? "<li><code>\(variable.name)</code> <em>(\(strings(.sensitiveHidden)))</em></li>"
                : "<li><code>\(variable.name)=\(variable.value)</code></li>"
        }
        let action = "\(WebRoutes.prefix)/admin/ci-templates/\(template.id)/delete"
        return """
            <tr><td>\(template.name)</td><td>\(template.description)</td>
            <td><details><summary>\(strings(.jenkinsfile))</summary><pre class="log" tabindex="0">\(template.jenkinsfile)</pre></details></td>
            <td>\(variables.isEmpty ? .empty : "<ul>\(variables)</ul>" as HTML)</td><td>\(template.createdBy)</td>
            <td>\(WebFormat.time(template.createdAt))</td>
            <td><form class="inline" method="post" action="\(action)">\(layout.csrfField)
            <button type="submit" class="danger" aria-label="\(strings(.deleteTemplate)) \(template.name)">\(strings(.deleteTemplate))</button></form></td></tr>
            """
    }

    func templateForm(_ layout: Layout) -> HTML {
        let sensitive = (0..<Self.sensitiveRows).map { row -> HTML in
            let number = String(row + 1)
            return """
                <label for="sensitive-name-\(row)">\(strings(.variableName, number))</label>
                <input id="sensitive-name-\(row)" name="sensitive_name.\(row)" maxlength="100" autocomplete="off">
                <label for="sensitive-value-\(row)">\(strings(.variableValue, number))</label>
                <input id="sensitive-value-\(row)" name="secret.\(row)" type="password" autocomplete="new-password">
                """
        }
        return """
            <h2>\(strings(.createTemplate))</h2>
            <form class="stack" method="post" action="\(WebRoutes.prefix)/admin/ci-templates">\(layout.csrfField)
            <label for="template-name">\(strings(.templateName))</label>
            <input id="template-name" name="name" required maxlength="\(CIService.maxTemplateNameLength)">
            <label for="template-description">\(strings(.description))</label>
            <textarea id="template-description" name="description" rows="2" maxlength="\(CIService.maxTemplateDescriptionLength)"></textarea>
            <label for="template-jenkinsfile">\(strings(.jenkinsfile))</label>
            <textarea id="template-jenkinsfile" name="jenkinsfile" rows="10" required></textarea>
            <label for="template-variables">\(strings(.variables)) <small>\(strings(.variablesHint))</small></label>
            <textarea id="template-variables" name="variables" rows="4"></textarea>
            <fieldset><legend>\(strings(.sensitiveVariables)) <small>\(strings(.sensitiveHint))</small></legend>
            \(sensitive)</fieldset>
            <button type="submit">\(strings(.createTemplate))</button>
            </form>
            """
    }

    /// A new template: the same service call and log entry as `POST /api/slipway/ci/templates`.
    @Sendable func createCITemplate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, _) = try administrator(request)
        let form = state.form
        context.audit.note(function: Self.templateLogFunction, detail: form["name"])
        let env = try Self.templateVariables(form)
        var secrets: [String: String] = [:]
        for variable in env where variable.sensitive { secrets[variable.name] = variable.value }
        let template = CITemplate(name: form["name"], description: form["description"], jenkinsfile: form["jenkinsfile"], env: env)
        _ = try await ci.createTemplate(template, secrets: secrets, by: user)
        return WebResponse.redirect("\(WebRoutes.prefix)/admin/ci-templates")
    }

    /// The form's variables: `NAME=value` lines, then the filled sensitive rows.
    static func templateVariables(_ form: FormBody) throws -> [CIJob.Variable] {
        var env: [CIJob.Variable] = []
        let lines = form["variables"].split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for (index, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard env.count < maxTemplateVariables else { throw SlipwayError.invalidInput("a template holds at most \(maxTemplateVariables) variables") }
            guard let equals = line.firstIndex(of: "=") else {
                throw SlipwayError.invalidInput("variables line \(index + 1) is not NAME=value")
            }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            env.append(CIJob.Variable(name: name, value: String(line[line.index(after: equals)...]), sensitive: false))
        }
        for row in 0..<sensitiveRows {
            let name = form["sensitive_name.\(row)"].trimmingCharacters(in: .whitespaces), value = form["secret.\(row)"]
            if name.isEmpty {
                guard value.isEmpty else { throw SlipwayError.invalidInput("sensitive variable \(row + 1) has a value but no name") }
                continue
            }
            guard env.count < maxTemplateVariables else { throw SlipwayError.invalidInput("a template holds at most \(maxTemplateVariables) variables") }
            env.append(CIJob.Variable(name: name, value: value, sensitive: true))
        }
        return env
    }

    /// Delete a template: the same service call and log entry as `DELETE /api/slipway/ci/templates/<id>`.
    @Sendable func deleteCITemplate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, _) = try administrator(request)
        let id = try number("id", context)
        context.audit.note(function: Self.templateLogFunction, detail: "delete \(id)")
        try await ci.deleteTemplate(id, by: user)
        return WebResponse.redirect("\(WebRoutes.prefix)/admin/ci-templates")
    }
}

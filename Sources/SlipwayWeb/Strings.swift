/// Every string a person reads on the web pages, keyed, so a translation (Chinese first) is one
/// more table. `%@` marks where a value goes, in order.
package enum WebText: String, CaseIterable, Sendable {
    case appName, skipToContent, navHome, navTokens, signIn, signOut, signedInAs
    case account, password, signInFailed, signInThrottled, signInTitle
    case homeTitle, myProjects, noProjects, runningTasks, noRunningTasks, approvalsWaiting, noApprovals
    case projectTitle, workflows, noWorkflows, workflowName, description
    case workflowTitle, runs, noRuns, run, status, trigger, duration, creator, started, runForm, runWorkflow, previousPage, nextPage, pageOf
    case triggerManual
    case runTitle, stage, job, pendingReason, error, liveLog, fullLog, logUnavailable, approve, reject, comment, approvalFor
    case cancelRun, retryRun, decideApproval, approvers, approvalReload
    case tokensTitle, tokenName, createToken, tokenCreated, tokenShownOnce, tokenPrefix, tokenCreatedAt, revoke, noTokens
    case errorTitle, notFoundMessage, forbiddenMessage, badRequestMessage, csrfMessage, conflictMessage, backHome
    // Repository and merge-request pages
    case repoTitle, repoFiles, repoCommits, repoBranches, repoTags, repoMergeRequests, cloneURL, repoEmpty, refLabel
    case fileName, fileSize, fileEmpty, fileTooLarge, fileBinary, viewRaw, browseFiles
    case commitsTitle, commitTitle, noCommits, commitSHA, commitMessage, commitAuthor, commitDate, commitParents, newerCommits, olderCommits
    case branchesTitle, branch, defaultBranch, noBranches, tagsTitle, tag, noTags
    case filesChanged, diffTooManyFiles, diffBinary, diffTruncated
    case mergeRequestsTitle, mergeRequestTitle, mergeRequestName, mergeRequestBranches, noMergeRequests
    case stateOpen, stateMerged, stateClosed, stateAll, mergeRequestInto, openedBy, mergedBy, closedBy, branchesGone
    case reviewers, noReviewers, approvedMark, approvalsCount, approveMergeRequest, withdrawApproval
    case comments, noComments, addComment, postComment, changes, canMerge, cannotMerge, mergeButton, deleteSourceBranch
    // Applications, deliveries, admin
    case repositories, noRepositories, repositoryName, archived, applications, noApplications, application, project, provider
    case task, tasks, ref, commit, message, applicationTitle, noApplicationTasks, applicationTaskTitle, redeploy, replayDelivery
    case steps, step, noSteps, runDetails, triggerWebhook, triggerRedeploy, triggerWorkflow, pageNumber
    case delivery, deliveries, received, event, signature, outcome, decision, filter, noDeliveries, deliveryTitle
    case headers, header, value, noHeaders, payload, payloadCut, triggered, ignored, replay
    case navAdmin, adminTitle, adminUsers, adminGroups, adminTokens, adminPlugins, adminAgents
    case yes, userAdded, displayName, email, administrator, created, lastSignIn, noUsers, addUser
    case groupName, groupType, members, noGroups, allUsersGroup, groupTitle, noMembers
    case expires, pluginName, version, inputs, updated, noPlugins
    case agentCreated, agentDisabled, agentBusy, agentOnline, agentOffline, agentName, labels, labelsHint, capacity, running
    case executor, lastSeen, noAgents, createAgent, enable, disable
    // Flaky tests, CI build templates
    case flakyTests, flakyTestsTitle, flakyExplained, noFlakyTests, testDefinition, allTests, suite, testCase, commits, passes, failures
    case moreCommits, adminCITemplates, noCITemplates, templateName, jenkinsfile, variables, variablesHint, sensitiveVariables
    case sensitiveHint, sensitiveHidden, variableName, variableValue, createdBy, createTemplate, deleteTemplate
}

/// The strings of one language.
package struct WebStrings: Sendable {
    let table: [WebText: String]

    /// The text for `key`, with `values` put in place of each `%@`.
    package func callAsFunction(_ key: WebText, _ values: String...) -> String {
        var text = table[key] ?? key.rawValue
        for value in values {
            guard let range = text.range(of: "%@") else { break }
            text.replaceSubrange(range, with: value)
        }
        return text
    }

    /// English, the one language so far.
    package static let english = WebStrings(table: [
        .appName: "Slipway", .skipToContent: "Skip to content", .navHome: "Home", .navTokens: "API tokens",
        .signIn: "Sign in", .signOut: "Sign out", .signedInAs: "Signed in as %@",
        .account: "Account", .password: "Password", .signInTitle: "Sign in to Slipway",
        .signInFailed: "The account or password is wrong.",
        .signInThrottled: "Too many failed sign-ins for this account. Try again later.",
        .homeTitle: "Home", .myProjects: "My projects", .noProjects: "You are not a member of any project yet.",
        .runningTasks: "Running tasks", .noRunningTasks: "Nothing is running.",
        .approvalsWaiting: "Approvals waiting for me", .noApprovals: "No approval is waiting for you.",
        .projectTitle: "Project %@", .workflows: "Workflows", .noWorkflows: "This project has no workflows.",
        .workflowName: "Workflow", .description: "Description",
        .workflowTitle: "Workflow %@", .runs: "Runs", .noRuns: "This workflow has not run yet.", .run: "Run",
        .status: "Status", .trigger: "Trigger", .duration: "Duration", .creator: "Started by", .started: "Created",
        .runForm: "Start a run", .runWorkflow: "Run workflow", .previousPage: "Newer runs", .nextPage: "Older runs",
        .pageOf: "Page %@ of %@", .triggerManual: "manual",
        .runTitle: "%@ run #%@", .stage: "Stage %@", .job: "Job", .pendingReason: "Waiting because", .error: "Error",
        .liveLog: "Log of %@", .fullLog: "Full log as text", .logUnavailable: "The live log needs JavaScript; the full log is linked below.",
        .approve: "Approve", .reject: "Reject", .comment: "Comment", .approvalFor: "Approval: %@",
        .cancelRun: "Cancel run", .retryRun: "Retry run", .decideApproval: "Decide", .approvers: "Approvers: %@",
        .approvalReload: "An approval is waiting: reload this page to decide.",
        .tokensTitle: "API tokens", .tokenName: "Token name", .createToken: "Create token",
        .tokenCreated: "Token %@ created.", .tokenShownOnce: "Copy it now: it is shown only this once.",
        .tokenPrefix: "Starts with", .tokenCreatedAt: "Created", .revoke: "Revoke", .noTokens: "You have no API tokens.",
        .errorTitle: "Something went wrong", .notFoundMessage: "There is nothing here, or you may not see it.",
        .forbiddenMessage: "You may not do this here.", .badRequestMessage: "This request could not be carried out: %@",
        .csrfMessage: "This form has expired or did not come from Slipway. Reload the page and try again.",
        .conflictMessage: "This could not be done now: %@", .backHome: "Back to the home page",
        // Repository and merge-request pages
        .repoTitle: "Repository %@", .repoFiles: "Files", .repoCommits: "Commits", .repoBranches: "Branches", .repoTags: "Tags",
        .repoMergeRequests: "Merge requests", .cloneURL: "Clone URL", .refLabel: "Ref: %@",
        .repoEmpty: "This repository is empty. Push to the clone URL to add the first commit.",
        .fileName: "Name", .fileSize: "Size", .fileEmpty: "This file is empty.",
        .fileTooLarge: "This file is too large to show here (%@); the raw file is linked above.",
        .fileBinary: "This file is binary; the raw file is linked above.", .viewRaw: "Raw file", .browseFiles: "Browse the files at this commit",
        .commitsTitle: "Commits of %@", .commitTitle: "Commit %@", .noCommits: "No commits here.", .commitSHA: "Commit",
        .commitMessage: "Message", .commitAuthor: "Author", .commitDate: "Date", .commitParents: "Parents",
        .newerCommits: "Newer commits", .olderCommits: "Older commits",
        .branchesTitle: "Branches of %@", .branch: "Branch", .defaultBranch: "default", .noBranches: "This repository has no branches.",
        .tagsTitle: "Tags of %@", .tag: "Tag", .noTags: "This repository has no tags.",
        .filesChanged: "%@ files changed, %@ additions, %@ deletions",
        .diffTooManyFiles: "%@ more changed files are not shown.", .diffBinary: "Binary file, not shown.",
        .diffTruncated: "This diff is too large to show here.",
        .mergeRequestsTitle: "Merge requests of %@", .mergeRequestTitle: "!%@ %@", .mergeRequestName: "Merge request",
        .mergeRequestBranches: "Branches", .noMergeRequests: "No merge requests here.",
        .stateOpen: "open", .stateMerged: "merged", .stateClosed: "closed", .stateAll: "all",
        .mergeRequestInto: "%@ into %@", .openedBy: "opened by %@", .mergedBy: "merged by %@", .closedBy: "closed by %@",
        .branchesGone: "The branches of this merge request no longer exist.",
        .reviewers: "Reviewers and approvals", .noReviewers: "No reviewers yet.", .approvedMark: "approved",
        .approvalsCount: "%@ approvals (the target branch requires %@)", .approveMergeRequest: "Approve",
        .withdrawApproval: "Withdraw my approval", .comments: "Comments", .noComments: "No comments yet.",
        .addComment: "Your comment", .postComment: "Comment", .changes: "Changes",
        .canMerge: "This merge request can be merged.", .cannotMerge: "This merge request cannot be merged yet",
        .mergeButton: "Merge", .deleteSourceBranch: "Delete the source branch %@ after merging",
        // Applications, deliveries, admin
        .repositories: "Repositories", .noRepositories: "This project has no repositories.", .repositoryName: "Repository",
        .archived: "archived", .applications: "Serverless Devs applications", .noApplications: "No application you may see.",
        .application: "Application", .project: "Project", .provider: "Provider",
        .task: "Task", .tasks: "Tasks", .ref: "Ref", .commit: "Commit", .message: "Message", .applicationTitle: "Application %@",
        .noApplicationTasks: "This application has not run yet.", .applicationTaskTitle: "Application task %@",
        .redeploy: "Redeploy", .replayDelivery: "Replay delivery %@", .steps: "Steps", .step: "Step",
        .noSteps: "No step has reported yet.", .runDetails: "Stages, jobs and log of this task",
        .triggerWebhook: "webhook (%@)", .triggerRedeploy: "redeploy of %@", .triggerWorkflow: "workflow %@ run #%@", .pageNumber: "Page %@",
        .delivery: "Delivery", .deliveries: "Webhook deliveries", .received: "Received", .event: "Event", .signature: "Signature",
        .outcome: "Outcome", .decision: "Decision", .filter: "Filter", .noDeliveries: "No delivery here.",
        .deliveryTitle: "Delivery %@", .headers: "Headers", .header: "Header", .value: "Value", .noHeaders: "No headers kept.",
        .payload: "Payload", .payloadCut: "Only the first %@ bytes are shown.", .triggered: "triggered %@", .ignored: "ignored",
        .replay: "Replay",
        .navAdmin: "Admin", .adminTitle: "Administration", .adminUsers: "Users", .adminGroups: "Groups", .adminTokens: "All API tokens",
        .adminPlugins: "Plugins", .adminAgents: "Agents",
        .yes: "yes", .userAdded: "User %@ added.", .displayName: "Name", .email: "E-mail", .administrator: "System administrator",
        .created: "Created", .lastSignIn: "Last sign-in", .noUsers: "No users.", .addUser: "Add a user",
        .groupName: "Group", .groupType: "Type", .members: "Members", .noGroups: "No groups.",
        .allUsersGroup: "Every user belongs to this group.", .groupTitle: "Group %@", .noMembers: "This group has no listed members.",
        .expires: "Expires", .pluginName: "Plugin", .version: "Version", .inputs: "Inputs", .updated: "Updated",
        .noPlugins: "No plugins are registered.",
        .agentCreated: "Agent %@ created.", .agentDisabled: "disabled", .agentBusy: "busy", .agentOnline: "online",
        .agentOffline: "offline", .agentName: "Agent", .labels: "Labels", .labelsHint: "(separated by commas or spaces)",
        .capacity: "Capacity", .running: "Running", .executor: "Executor", .lastSeen: "Last seen", .noAgents: "No agents.",
        .createAgent: "Create an agent token", .enable: "Enable", .disable: "Disable",
        // Flaky tests, CI build templates
        .flakyTests: "Flaky tests", .flakyTestsTitle: "Flaky tests of %@",
        .flakyExplained: "A test case is flaky when it both passed and failed on the same commit.",
        .noFlakyTests: "No test case has both passed and failed on the same commit.", .testDefinition: "Test",
        .allTests: "All tests", .suite: "Suite", .testCase: "Test case", .commits: "Commits", .passes: "Passed",
        .failures: "Failed", .moreCommits: "and %@ more",
        .adminCITemplates: "CI build templates", .noCITemplates: "No CI build templates yet.", .templateName: "Template",
        .jenkinsfile: "Jenkinsfile", .variables: "Variables", .variablesHint: "(one NAME=value a line)",
        .sensitiveVariables: "Sensitive variables", .sensitiveHint: "(sealed when stored and never shown again)",
        .sensitiveHidden: "sensitive, hidden", .variableName: "Name of sensitive variable %@",
        .variableValue: "Value of sensitive variable %@", .createdBy: "Created by", .createTemplate: "Create a template",
        .deleteTemplate: "Delete",
    ])
}

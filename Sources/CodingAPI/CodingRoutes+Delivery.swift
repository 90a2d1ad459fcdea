extension CodingRoutes {
    /// CI and CD: CODING CI jobs, builds and agents; CD targets, applications, tasks, pipelines and statistics.
    static func deliveryActions() -> [String: ActionHandler] {
        let cdTargets = CdTargetActions(), cdApps = CdApplicationActions(), cdPipelines = CdPipelineActions()
        let cdExecutions = CdExecutionActions(), cdStats = CdStatisticsActions()
        return [
            // CODING CI (ci.job, ci.build): Jenkinsfile pipelines on the engine
            "CreateCodingCIJob": CIJobActions().createCodingCIJob,
            "ModifyCodingCIJob": CIJobActions().modifyCodingCIJob,
            "DeleteCodingCIJob": CIJobActions().deleteCodingCIJob,
            "DescribeCodingCIJob": CIJobActions().describeCodingCIJob,
            "DescribeCodingCIJobs": CIJobActions().describeCodingCIJobs,
            "ClearCodingCIJobCache": CIJobActions().clearCodingCIJobCache,
            "CreateCodingCIJobByTeamTemplate": CITemplateActions().createCodingCIJobByTeamTemplate,
            "TriggerCodingCIBuild": CIBuildActions().triggerCodingCIBuild,
            "DescribeCodingCIBuild": CIBuildActions().describeCodingCIBuild,
            "DescribeCodingCIBuilds": CIBuildActions().describeCodingCIBuilds,
            "StopCodingCIBuild": CIBuildActions().stopCodingCIBuild,
            "DeleteCodingCIBuild": CIBuildActions().deleteCodingCIBuild,
            "DescribeCodingCIBuildEnvs": CIBuildActions().describeCodingCIBuildEnvs,
            "DescribeCodingCIBuildStage": CIBuildActions().describeCodingCIBuildStage,
            "DescribeCodingCIBuildStep": CIBuildActions().describeCodingCIBuildStep,
            "DescribeCodingCIBuildLog": CIBuildLogActions().describeCodingCIBuildLog,
            "DescribeCodingCIBuildLogRaw": CIBuildLogActions().describeCodingCIBuildLogRaw,
            "DescribeCodingCIBuildStepLog": CIBuildLogActions().describeCodingCIBuildStepLog,
            // CI agents (ci.agent): Slipway's remote agents
            "ModifyCodingCIAgentEnable": AgentActions().modifyCodingCIAgentEnable,
            // Continuous deployment targets (§2.16 cd.host, cd.cloud-account)
            "DescribeCdAgentMachines": cdTargets.describeCdAgentMachines,
            "DescribeAgentSecret": AgentActions().describeAgentSecret,
            "CreateCdHostServerGroup": cdTargets.createCdHostServerGroup,
            "ModifyCdHostServerGroup": cdTargets.modifyCdHostServerGroup,
            "DescribeCdHostServerGroup": cdTargets.describeCdHostServerGroup,
            "DescribeCdHostServerGroups": cdTargets.describeCdHostServerGroups,
            "DeleteCdHostServerGroup": cdTargets.deleteCdHostServerGroup,
            "CreateCdCloudAccount": cdTargets.createCdCloudAccount,
            "ModifyCdCloudAccount": cdTargets.modifyCdCloudAccount,
            "DeleteCdCloudAccount": cdTargets.deleteCdCloudAccount,
            "DescribeCdCloudAccounts": cdTargets.describeCdCloudAccounts,
            // Continuous deployment applications and tasks (§2.16 cd.application, cd.task)
            "CreateCdTask": cdApps.createCdTask,
            "DescribeCdTask": cdApps.describeCdTask,
            "BindCdApplicationToProject": cdApps.bindCdApplicationToProject,
            "DescribeCdApplications": cdApps.describeCdApplications,
            "DescribeCdApplicationsByProject": cdApps.describeCdApplicationsByProject,
            "DescribeCdApplication": cdApps.describeCdApplication,
            // Continuous deployment pipelines (§2.16 cd.pipeline: configs, executions; cd.stats)
            "CreateCdPipeline": cdPipelines.createCdPipeline,
            "ModifyCdPipeline": cdPipelines.modifyCdPipeline,
            "DeleteCdPipeline": cdPipelines.deleteCdPipeline,
            "DescribeCdPipelineConfigs": cdPipelines.describeCdPipelineConfigs,
            "DescribeCdPipelineConfig": cdPipelines.describeCdPipelineConfig,
            "ReorderCdPipelines": cdPipelines.reorderCdPipelines,
            "TriggerCdPipeline": cdExecutions.triggerCdPipeline,
            "DescribeCdPipeline": cdExecutions.describeCdPipeline,
            "DescribeExecutionsByConfigId": cdExecutions.describeExecutionsByConfigId,
            "CancelCdPipeline": cdExecutions.cancelCdPipeline,
            "DescribeHostServerInstance": cdExecutions.describeHostServerInstance,
            "DescribeCdDeployCountByProject": cdStats.countByProject,
            "DescribeCdDeployTrendByProject": cdStats.trendByProject,
            "DescribeCdDeployTimeByProject": cdStats.timeByProject,
            "DescribeCdDeployCountByApplications": cdStats.countByApplications,
            "DescribeCdDeployTrendByApplications": cdStats.trendByApplications,
            "DescribeCdDeployTimeByApplications": cdStats.timeByApplications,
        ]
    }
}

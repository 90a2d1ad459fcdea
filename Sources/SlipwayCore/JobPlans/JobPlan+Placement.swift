extension JobPlan {
    /// Where this job's processes run: its container image and the agent labels it asks for.
    package var placement: JobPlacement {
        JobPlacement(image: containerImage, labels: agentLabels)
    }
}

struct NewDepotPathOutput: ActionOutput {
    var NewDepotPath: String
}

namespace Crm.Matching.Native;

/// <summary>Where training is, reported after every round.</summary>
/// <param name="Round">The round just finished, from 1.</param>
/// <param name="Rounds">All rounds asked for.</param>
/// <param name="Evaluation">
/// The library's evaluation line for "train" and "valid" (for example <c>[4]	train-ndcg@10:0.91	valid-ndcg@10:0.85</c>)
/// when validation data were given; otherwise null.
/// </param>
public sealed record TrainingProgress(int Round, int Rounds, string? Evaluation);

namespace NasLid.Torch.Training;

/// <summary>What one call of <see cref="RspsTrainer.Run"/> did: the loss of every step it took, and its speed.</summary>
public sealed record TrainingResult(IReadOnlyList<float> Losses, long FirstStep, TimeSpan Elapsed, double ImagesPerSecond);

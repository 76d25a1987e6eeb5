namespace NasLid.Torch.Training;

/// <summary>A snapshot of a running training loop, for progress display.</summary>
/// <param name="Epoch">Zero-based epoch of the last step taken.</param>
/// <param name="EndOfEpoch">Whether the last step finished its epoch.</param>
/// <param name="Loss">Mean training loss over the current epoch so far.</param>
public readonly record struct TrainingProgress(
    int Epoch,
    int Epochs,
    long Step,
    long TotalSteps,
    bool EndOfEpoch,
    double Loss,
    double ImagesPerSecond,
    TimeSpan Elapsed,
    TimeSpan Remaining);

namespace NasLid.Torch.Training;

/// <summary>Where training progress goes: a live bar, periodic lines, nowhere (tests). Injected into trainers.</summary>
public interface IProgressReporter
{
    /// <summary>Called after every step; the reporter decides how often to show anything.</summary>
    void Report(TrainingProgress progress);

    /// <summary>Called once when a run stops, finished or not.</summary>
    void Finish(TrainingProgress progress);
}

/// <summary>Shows nothing.</summary>
public sealed class SilentProgress : IProgressReporter
{
    public static SilentProgress Instance { get; } = new();

    public void Report(TrainingProgress progress) { }
    public void Finish(TrainingProgress progress) { }
}

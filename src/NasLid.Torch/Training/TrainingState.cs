using NasLid.Core;

namespace NasLid.Torch.Training;

/// <summary>
/// Everything besides the weights that a run needs to continue exactly: the mask it trains, where it is in
/// the schedule, the path-sampling generator and the optimizer's momentum. A checkpoint is the weights plus this.
/// </summary>
public sealed class TrainingState(SupernetMask mask, TrainingOptions options, long step, long totalSteps, int batchesPerEpoch, Rng pathRng, NesterovSgd optimizer) : IDisposable
{
    public SupernetMask Mask { get; } = mask;
    public TrainingOptions Options { get; } = options;

    /// <summary>Steps taken so far; the next step uses this index for its learning rate and batch.</summary>
    public long Step { get; internal set; } = step;
    public long TotalSteps { get; } = totalSteps;
    public int BatchesPerEpoch { get; } = batchesPerEpoch;
    public Rng PathRng { get; } = pathRng;
    public NesterovSgd Optimizer { get; } = optimizer;

    public int Epoch => (int)(Step / BatchesPerEpoch);
    public int Epochs => (int)((TotalSteps + BatchesPerEpoch - 1) / BatchesPerEpoch);
    public bool Finished => Step >= TotalSteps;

    public void Dispose() => Optimizer.Dispose();
}

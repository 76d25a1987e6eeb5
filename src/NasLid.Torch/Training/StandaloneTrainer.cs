using NasLid.Core;
using NasLid.Torch.Data;
using NasLid.Torch.Supernets;

namespace NasLid.Torch.Training;

/// <summary>
/// Trains one architecture on its own (ground truth): RSPS under the one-hot mask of that architecture, so
/// every step trains exactly its path. Pass a freshly initialised supernet; only the path's weights change.
/// </summary>
public static class StandaloneTrainer
{
    public static TrainingResult Train(Supernet net, Architecture architecture, LoadedData data, TrainingOptions options,
        IProgressReporter? progress = null, string? checkpointPath = null)
    {
        var trainer = new RspsTrainer(net, data, options, progress);
        using var state = trainer.Begin(SupernetMask.SinglePath(net.Space, architecture));
        return trainer.Run(state, checkpointPath);
    }
}

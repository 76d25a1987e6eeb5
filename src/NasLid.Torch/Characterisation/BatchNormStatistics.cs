using static TorchSharp.torch;

namespace NasLid.Torch.Characterisation;

/// <summary>
/// Keeps a model's BatchNorm running statistics, and its train/eval mode, exactly as they were across a block of
/// forwards. The reference code measures LID in train mode and silently moves every running mean; here a
/// characterisation pass may normalise with batch statistics (train mode) yet leaves no trace in the model.
/// </summary>
public static class BatchNormStatistics
{
    public static IDisposable Preserve(nn.Module model) => new Snapshot(model);

    sealed class Snapshot : IDisposable
    {
        readonly List<(Tensor Live, Tensor Saved)> _buffers = [];
        readonly nn.Module _model;
        readonly bool _training;

        public Snapshot(nn.Module model)
        {
            (_model, _training) = (model, model.training);
            using var _ = no_grad();
            foreach (var buffer in model.buffers())
                _buffers.Add((buffer, buffer.detach().clone()));
        }

        public void Dispose()
        {
            using (no_grad())
                foreach (var (live, saved) in _buffers)
                {
                    live.copy_(saved);
                    saved.Dispose();
                }
            _buffers.Clear();
            _model.train(_training);
        }
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLid.Torch.Supernets;

/// <summary>
/// BatchNorm2d whose step counter is advanced with a Scalar this method keeps alive. TorchSharp 0.107's
/// BatchNorm.forward calls num_batches_tracked.add_(1), whose two implicit Scalars are unreachable once their
/// handles are read: a garbage collection during the native call can finalize them, and the add then reads freed
/// memory ("Unknown scalar type", "alpha must not be a floating point number" in long runs here). Same buffers,
/// same state_dict keys, same arithmetic as nn.BatchNorm2d.
/// </summary>
public sealed class StableBatchNorm2d(long features) : BatchNorm(features, 1e-5, 0.1, true, true, null, null, "BatchNorm2d")
{
    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        double factor = momentum ?? 0.0;
        if (training && track_running_stats && num_batches_tracked is not null)
        {
            using (no_grad())
            using (var one = 1L.ToScalar())
                num_batches_tracked.add_(one, one);
            if (momentum is null) factor = 1.0 / num_batches_tracked.item<long>();
        }
        bool batchStatistics = training || running_mean is null || running_var is null;
        return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, batchStatistics, factor, eps);
    }

    protected override void ValidateInputDimensions(Tensor input)
    {
        if (input.ndim != 4)
            throw new ArgumentException($"expected 4D input (got {input.ndim}D input)");
    }
}

using NasLid.Core;
using static TorchSharp.torch;

namespace NasLid.Torch.Supernets.Mobile;

static class MobileInput
{
    public static void Check(string space, SupernetConfig config, Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != config.InputChannels)
            throw new NasLidException(
                $"{space}: input of shape [{string.Join(", ", input.shape)}] must be [batch, {config.InputChannels}, height, width]");
    }
}

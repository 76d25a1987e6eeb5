using static TorchSharp.torch;

namespace NasLid.Torch.Data;

/// <summary>
/// One prepared batch as plain arrays: the loader's thread fills them without touching LibTorch, and the
/// training thread wraps them into tensors inside its own dispose scope.
/// </summary>
public sealed record Batch(int Epoch, int Index, float[] Images, long[] Labels, int Channels, int Height, int Width)
{
    public int Count => Labels.Length;

    public (Tensor Images, Tensor Labels) ToTensors(Device? device = null) =>
        (tensor(Images, [Count, Channels, Height, Width], device: device), tensor(Labels, [Count], device: device));
}

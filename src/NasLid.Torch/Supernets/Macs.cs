namespace NasLid.Torch.Supernets;

/// <summary>
/// Multiply-accumulates, the convention NAS-Bench-201 reports as FLOPs: a convolution costs
/// k*k*in/groups*out per output position (plus out per position for a bias), a linear layer in*out plus out
/// for its bias; pooling, normalisation, activations and additions cost nothing.
/// </summary>
public static class Macs
{
    public static long Conv(long inChannels, long outChannels, long kernel, long outHeight, long outWidth, long groups = 1, bool bias = false) =>
        (kernel * kernel * inChannels / groups * outChannels + (bias ? outChannels : 0)) * outHeight * outWidth;

    public static long Linear(long inFeatures, long outFeatures, bool bias = true) => inFeatures * outFeatures + (bias ? outFeatures : 0);

    /// <summary>Output side of a convolution with padding k/2.</summary>
    public static int Strided(int side, int stride) => (side - 1) / stride + 1;
}

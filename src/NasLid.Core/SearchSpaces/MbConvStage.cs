namespace NasLid.Core;

/// <summary>One stage of a MobileNet-style space: output channels, the stride of its first block, its blocks.</summary>
public sealed record MbConvStage(int Channels, int Stride, int Blocks, bool SqueezeExcite = false, bool HardSwish = false);

/// <summary>A candidate inverted-residual block: depthwise kernel size and expansion ratio.</summary>
public readonly record struct MbConvChoice(int Kernel, int Expand);

/// <summary>Sizing rules shared by the MobileNet-style spaces.</summary>
public static class MbConvScaling
{
    /// <summary>Inputs up to this side get the CIFAR variant (stride-1 stem and first stage), larger ones ImageNet's.</summary>
    public const int CifarMaxResolution = 64;

    public static bool IsCifar(SupernetConfig config) => config.Resolution <= CifarMaxResolution;

    /// <summary>Reference channel counts scaled by width/reference width, at least 1 (no rounding to 8: tiny nets stay tiny).</summary>
    public static int Scale(int channels, SupernetConfig config, int referenceWidth) =>
        Math.Max(1, (int)Math.Round(channels * (double)config.Width / referenceWidth, MidpointRounding.AwayFromZero));

    public static void CheckSize(string space, SupernetConfig config)
    {
        if (config.Width < 1 || config.Resolution < 1 || config.InputChannels < 1 || config.Classes < 1)
            throw new NasLidException(
                $"{space}: width {config.Width}, resolution {config.Resolution}, input channels {config.InputChannels} and classes {config.Classes} must all be positive");
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace NasLid.Torch.Supernets.Mobile;

/// <summary>The activations of the MobileNet-style spaces, by the names their references use.</summary>
public enum Activation { Relu, Relu6, HardSwish }

public static class Activations
{
    public static nn.Module<Tensor, Tensor> Create(Activation activation) => activation switch
    {
        Activation.Relu => nn.ReLU(),
        Activation.Relu6 => nn.ReLU6(),
        _ => nn.Hardswish(),
    };

    /// <summary>Bias-free convolution with padding k/2, BatchNorm, then the activation (none when null).</summary>
    public static nn.Module<Tensor, Tensor> ConvBnAct(long inChannels, long outChannels, long kernel, long stride, Activation? activation, long groups = 1)
    {
        var conv = nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: kernel / 2, groups: groups, bias: false);
        return activation is { } act
            ? nn.Sequential(("conv", conv), ("bn", new StableBatchNorm2d(outChannels)), ("act", Create(act)))
            : nn.Sequential(("conv", conv), ("bn", new StableBatchNorm2d(outChannels)));
    }
}

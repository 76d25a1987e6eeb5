using NasLid.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLid.Torch.Supernets.Mobile;

/// <summary>
/// An inverted-residual block without its residual (MobileNetV2 "MBConv"): 1x1 expansion to in*expand channels
/// (absent when expand is 1), k x k depthwise convolution carrying the stride, optional squeeze-and-excite,
/// 1x1 linear projection. Each conv is followed by BN; all but the projection by the activation.
/// </summary>
public sealed class MbConv : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor>? inverted_bottleneck;
    readonly nn.Module<Tensor, Tensor> depth_conv;
    readonly SqueezeExcite? se;
    readonly nn.Module<Tensor, Tensor> point_linear;
    readonly long inChannels, mid, outChannels;
    readonly MbConvChoice choice;
    readonly int stride;

    public MbConv(long inChannels, long outChannels, MbConvChoice choice, int stride, Activation activation, bool squeezeExcite)
        : base(nameof(MbConv))
    {
        (this.inChannels, this.outChannels, this.choice, this.stride) = (inChannels, outChannels, choice, stride);
        mid = inChannels * choice.Expand;
        if (choice.Expand != 1) inverted_bottleneck = Activations.ConvBnAct(inChannels, mid, 1, 1, activation);
        depth_conv = Activations.ConvBnAct(mid, mid, choice.Kernel, stride, activation, groups: mid);
        if (squeezeExcite) se = new SqueezeExcite(mid);
        point_linear = Activations.ConvBnAct(mid, outChannels, 1, 1, null);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = inverted_bottleneck?.call(input) ?? input;
        x = depth_conv.call(x);
        if (se is not null) x = se.call(x);
        return scope.MoveToOuter(point_linear.call(x));
    }

    /// <summary>Multiply-accumulates on an input of side <paramref name="side"/>.</summary>
    public long MacsAt(int side)
    {
        int outSide = Macs.Strided(side, stride);
        return (inverted_bottleneck is null ? 0 : Macs.Conv(inChannels, mid, 1, side, side))
             + Macs.Conv(mid, mid, choice.Kernel, outSide, outSide, groups: mid)
             + (se?.MacCount ?? 0)
             + Macs.Conv(mid, outChannels, 1, outSide, outSide);
    }
}

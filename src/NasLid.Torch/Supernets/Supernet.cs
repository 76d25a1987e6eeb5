using NasLid.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLid.Torch.Supernets;

/// <summary>
/// Receives each tapped layer output the moment it is computed, so a consumer can compute that layer's LID
/// and let the tensor go before the next layer runs. The model keeps no list of features: this is what keeps
/// NAS-LID's characterisation memory at about one layer's features.
/// The tensor belongs to the forward (it is the next layer's input): read it, do not dispose it. OnTap runs
/// inside the forward's dispose scope, so tensors made there live until the forward ends unless the sink
/// opens its own scope; a sink that keeps something detaches it (DetachFromDisposeScope) and owns it.
/// </summary>
public interface ITapSink
{
    void OnTap(int index, string name, Tensor output);
}

/// <summary>
/// A one-shot supernet whose candidates share weights. One forward serves every use: each searchable layer
/// sums the outputs of the ops enabled in <c>active</c> (paper Eq. 4), so a one-hot mask is a single path
/// (RSPS training, subnet evaluation) and a wider mask is a sub-supernet's masked sum.
/// </summary>
public abstract class Supernet : nn.Module
{
    protected Supernet(string name, ISearchSpace space, SupernetConfig config) : base(name)
    {
        Space = space;
        Config = config;
    }

    public ISearchSpace Space { get; }
    public SupernetConfig Config { get; }

    public abstract Tensor Forward(Tensor input, SupernetMask active, ITapSink? taps = null);

    public Tensor Forward(Tensor input, Architecture architecture, ITapSink? taps = null) =>
        Forward(input, SupernetMask.SinglePath(Space, architecture), taps);

    /// <summary>Names of the taps a forward under <c>active</c> produces, in order (depth choices change the count).</summary>
    public abstract IReadOnlyList<string> TapNames(SupernetMask active);

    /// <summary>The weights of candidate <c>op</c> of searchable layer <c>layer</c> (shared by every cell that uses it).</summary>
    public abstract IEnumerable<TorchSharp.Modules.Parameter> OpParameters(int layer, int op);

    /// <summary>Weights every architecture uses: stem, reduction blocks, head.</summary>
    public abstract IEnumerable<TorchSharp.Modules.Parameter> SharedParameters();

    /// <summary>Shared weights plus the chosen op's weights in every layer.</summary>
    public virtual long ParameterCount(Architecture architecture)
    {
        SearchSpaces.CheckShape(Space, architecture);
        return SharedParameters().Sum(p => p.numel())
             + Enumerable.Range(0, architecture.LayerCount).Sum(l => OpParameters(l, architecture[l]).Sum(p => p.numel()));
    }

    /// <summary>Checks a forward's input is [batch, input channels, height, width].</summary>
    protected void CheckInput(Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != Config.InputChannels)
            throw new NasLidException(
                $"{Space.Name}: input of shape [{string.Join(", ", input.shape)}] must be [batch, {Config.InputChannels}, height, width]");
    }

    /// <summary>
    /// Moves a forward on to the next layer's output, disposing the previous one's handle now instead of at the end
    /// of the forward: without gradients only about two layers' features are alive at a time, and with them the
    /// autograd graph keeps what backward needs. A layer that passes its input through returns it unchanged.
    /// </summary>
    protected static Tensor Advance(Tensor previous, Tensor next)
    {
        if (!ReferenceEquals(previous, next)) previous.Dispose();
        return next;
    }

    /// <summary>Multiply-accumulates of one forward of a single input, the convention NAS-Bench-201 reports as FLOPs.</summary>
    public abstract long Flops(Architecture architecture);
}

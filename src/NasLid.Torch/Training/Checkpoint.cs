using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NasLid.Core;
using NasLid.Torch.Supernets;
using static TorchSharp.torch;

namespace NasLid.Torch.Training;

/// <summary>
/// A training checkpoint: the supernet's weights and buffers, the optimizer's momentum, the schedule
/// position, the path generator and LibTorch's generator, the mask, and the space and size it was made for.
/// <para>
/// Layout: "NASLIDCK", format version, a JSON header, named raw tensors, and a SHA-256 of everything before
/// it, so truncation or damage is detected instead of loading garbage. Written to a temporary file that is
/// then renamed over the old one: a kill at any moment leaves the last good checkpoint.
/// </para>
/// </summary>
public static class Checkpoint
{
    static readonly byte[] Magic = "NASLIDCK"u8.ToArray();
    const int Version = 1;
    const string ModelPrefix = "model.", MomentumPrefix = "momentum.", TorchRngName = "torch.rng_state";

    sealed record Header(
        string Space,
        SupernetConfig Config,
        string Mask,
        long Step,
        long TotalSteps,
        int BatchesPerEpoch,
        ulong[] PathRng,
        TrainingOptions Options);

    public static void Save(string path, Supernet net, TrainingState state)
    {
        var bytes = Serialise(net, state);
        AtomicFile.Write(path, file =>
        {
            file.Write(bytes);
            file.Write(SHA256.HashData(bytes));
        });
    }

    /// <summary>
    /// Loads the weights into <c>net</c> and returns the training state. The checkpoint must be for the same
    /// space and size, and, when given, for <c>expectedMask</c> and a run with the same batch size, seed and
    /// epoch length as <c>run</c>; anything else is a clear error, raised before anything is loaded.
    /// </summary>
    public static TrainingState Load(string path, Supernet net, SupernetMask? expectedMask = null,
        (TrainingOptions Options, int BatchesPerEpoch)? run = null)
    {
        using var reader = Open(path, out var header);
        var mask = CheckHeader(path, header, net, expectedMask);
        if (run is var (options, batchesPerEpoch)
            && (header.BatchesPerEpoch != batchesPerEpoch || header.Options.BatchSize != options.BatchSize || header.Options.Seed != options.Seed))
            throw new NasLidException($"{path}: written for batch size {header.Options.BatchSize}, seed {header.Options.Seed} and {header.BatchesPerEpoch} batches per epoch; this run has {options.BatchSize}, {options.Seed} and {batchesPerEpoch}");

        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            var (name, tensor) = ReadTensor(reader);
            tensors[name] = tensor;
        }
        var device = net.parameters().First().device;
        var state = CheckModel(path, net, tensors);
        var momentum = CheckMomentum(path, net, tensors);
        using (no_grad())
            foreach (var (name, target) in state)
                target.copy_(tensors[ModelPrefix + name]);
        var optimizer = new NesterovSgd(net.named_parameters(), header.Options.Momentum, header.Options.WeightDecay);
        foreach (var (name, buffer) in momentum)
            optimizer.SetMomentum(name, buffer.to(device));
        if (tensors.TryGetValue(TorchRngName, out var torchRng))
            random.set_rng_state(torchRng);
        var rng = new Rng(0) { State = header.PathRng };
        return new TrainingState(mask, header.Options, header.Step, header.TotalSteps, header.BatchesPerEpoch, rng, optimizer);
    }

    /// <summary>What a checkpoint was written for, read and verified without a supernet: enough to build the right one.</summary>
    public static CheckpointInfo ReadInfo(string path)
    {
        using var reader = Open(path, out var header);
        return new CheckpointInfo(header.Config, SupernetMask.Parse(header.Mask), header.Step, header.TotalSteps);
    }

    /// <summary>
    /// Verifies the magic number, checksum and version, and reads the header; the reader is left at the tensors.
    /// It reads from memory, so an error thrown before it is returned leaves nothing to release.
    /// </summary>
    static BinaryReader Open(string path, out Header header)
    {
        if (!File.Exists(path))
            throw new NasLidException($"{path}: checkpoint not found");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new NasLidException($"{path}: not a NasLid checkpoint (wrong magic number)");
        if (bytes.Length < Magic.Length + 4 + SHA256.HashSizeInBytes
            || !SHA256.HashData(bytes.AsSpan(0, bytes.Length - SHA256.HashSizeInBytes)).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - SHA256.HashSizeInBytes)))
            throw new NasLidException($"{path}: corrupt checkpoint (checksum mismatch: truncated or damaged)");

        var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - SHA256.HashSizeInBytes), Encoding.UTF8);
        reader.ReadBytes(Magic.Length);
        int version = reader.ReadInt32();
        if (version != Version)
            throw new NasLidException($"{path}: checkpoint format version {version}; this build reads version {Version}");
        header = JsonSerializer.Deserialize<Header>(reader.ReadString())
            ?? throw new NasLidException($"{path}: checkpoint header is empty");
        return reader;
    }

    static byte[] Serialise(Supernet net, TrainingState state)
    {
        using var scope = NewDisposeScope();
        using var memory = new MemoryStream();
        using var writer = new BinaryWriter(memory, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(Version);
        var header = new Header(net.Space.Name, net.Config, state.Mask.ToString(), state.Step, state.TotalSteps,
            state.BatchesPerEpoch, state.PathRng.State, state.Options);
        writer.Write(JsonSerializer.Serialize(header));
        var tensors = net.state_dict().Select(kv => (ModelPrefix + kv.Key, kv.Value))
            .Concat(state.Optimizer.MomentumBuffers.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (MomentumPrefix + kv.Key, kv.Value)))
            .Append((TorchRngName, random.get_rng_state()))
            .ToArray();
        writer.Write(tensors.Length);
        foreach (var (name, tensor) in tensors)
            WriteTensor(writer, name, tensor);
        writer.Flush();
        return memory.ToArray();
    }

    static SupernetMask CheckHeader(string path, Header header, Supernet net, SupernetMask? expectedMask)
    {
        if (header.Space != net.Space.Name)
            throw new NasLidException($"{path}: checkpoint is for search space '{header.Space}', the supernet is '{net.Space.Name}'");
        if (header.Config != net.Config)
            throw new NasLidException($"{path}: checkpoint is for supernet {header.Config}, this supernet is {net.Config}");
        var mask = SupernetMask.Parse(header.Mask);
        var layers = net.Space.Layers;
        if (mask.LayerCount != layers.Count || Enumerable.Range(0, layers.Count).Any(l => mask.OpCount(l) != layers[l].Ops.Count))
            throw new NasLidException($"{path}: checkpoint mask {mask} does not fit space '{net.Space.Name}'");
        if (expectedMask is not null && !mask.Equals(expectedMask))
            throw new NasLidException($"{path}: checkpoint trains mask {mask}, expected {expectedMask}");
        if (header.BatchesPerEpoch <= 0 || header.Step < 0 || header.Step > header.TotalSteps)
            throw new NasLidException($"{path}: checkpoint schedule position {header.Step}/{header.TotalSteps} is invalid");
        return mask;
    }

    /// <summary>The supernet's state tensors, after checking the checkpoint has each one with the same shape and type.</summary>
    static Dictionary<string, Tensor> CheckModel(string path, Supernet net, Dictionary<string, Tensor> tensors)
    {
        var state = net.state_dict();
        var saved = tensors.Keys.Where(k => k.StartsWith(ModelPrefix, StringComparison.Ordinal)).Select(k => k[ModelPrefix.Length..]).ToHashSet();
        var missing = state.Keys.Where(k => !saved.Contains(k)).ToArray();
        var extra = saved.Where(k => !state.ContainsKey(k)).ToArray();
        if (missing.Length > 0 || extra.Length > 0)
            throw new NasLidException($"{path}: checkpoint weights do not match the supernet (missing: {string.Join(", ", missing.Take(5))}; unexpected: {string.Join(", ", extra.Take(5))})");
        foreach (var (name, target) in state)
        {
            var source = tensors[ModelPrefix + name];
            if (!source.shape.SequenceEqual(target.shape) || source.dtype != target.dtype)
                throw new NasLidException($"{path}: weight '{name}' is {source.dtype} {Shape(source.shape)} in the checkpoint, {target.dtype} {Shape(target.shape)} in the supernet");
        }
        return state;
    }

    /// <summary>The saved momentum buffers by parameter name, each checked against its parameter.</summary>
    static Dictionary<string, Tensor> CheckMomentum(string path, Supernet net, Dictionary<string, Tensor> tensors)
    {
        var shapes = net.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        var momentum = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors.Where(t => t.Key.StartsWith(MomentumPrefix, StringComparison.Ordinal)))
        {
            var parameter = name[MomentumPrefix.Length..];
            if (!shapes.TryGetValue(parameter, out var shape) || !shape.SequenceEqual(tensor.shape))
                throw new NasLidException($"{path}: momentum for '{parameter}' {Shape(tensor.shape)} has no matching parameter in the supernet");
            momentum[parameter] = tensor;
        }
        return momentum;
    }

    static void WriteTensor(BinaryWriter writer, string name, Tensor tensor)
    {
        using var host = tensor.detach().cpu().contiguous();
        writer.Write(name);
        writer.Write((int)host.dtype);
        writer.Write(host.shape.Length);
        foreach (var d in host.shape)
            writer.Write(d);
        var bytes = host.bytes;
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    static (string Name, Tensor Tensor) ReadTensor(BinaryReader reader)
    {
        var name = reader.ReadString();
        var dtype = (ScalarType)reader.ReadInt32();
        var shape = new long[reader.ReadInt32()];
        for (int d = 0; d < shape.Length; d++)
            shape[d] = reader.ReadInt64();
        var bytes = reader.ReadBytes(reader.ReadInt32());
        var tensor = empty(shape, dtype);
        if (tensor.bytes.Length != bytes.Length)
            throw new NasLidException($"checkpoint tensor '{name}' has {bytes.Length} bytes for {dtype} {Shape(shape)}");
        tensor.bytes = bytes;
        return (name, tensor);
    }

    static string Shape(long[] shape) => "[" + string.Join("x", shape) + "]";
}

/// <summary>The supernet and mask a checkpoint was written for, and how far its schedule got.</summary>
public sealed record CheckpointInfo(SupernetConfig Config, SupernetMask Mask, long Step, long TotalSteps);

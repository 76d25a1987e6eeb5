using System.Collections.Concurrent;
using NasLid.Core;

namespace NasLid.Torch.Data;

/// <summary>
/// Turns a dataset into batches on a background thread, at most <c>prefetch</c> ahead of the consumer (a
/// bounded producer/consumer queue). Every epoch's order and every batch's augmentation come from generators
/// seeded by (seed, epoch, batch) alone, so any batch can be rebuilt exactly — which is what lets a resumed
/// run see the same data without saving the loader's position.
/// </summary>
public sealed class BatchLoader
{
    readonly ImageDataset _data;
    readonly Normalisation _normalisation;
    readonly Augmentation _augmentation;
    readonly ulong _seed;
    readonly bool _shuffle;
    readonly int _prefetch;

    /// <param name="dropLast">Training drops the last partial batch so every step sees a full batch (BatchNorm on a batch of 1 is undefined).</param>
    public BatchLoader(ImageDataset data, Normalisation normalisation, Augmentation augmentation, int batchSize,
        ulong seed, bool shuffle, bool dropLast, int prefetch = 3)
    {
        if (batchSize <= 0)
            throw new NasLidException($"batch size {batchSize} must be positive");
        if (dropLast && batchSize > data.Count)
            throw new NasLidException($"{data.Source}: batch size {batchSize} is larger than the {data.Count} training images");
        if (normalisation.Mean.Length != data.Channels)
            throw new NasLidException($"{data.Source}: normalisation has {normalisation.Mean.Length} channels, the images {data.Channels}");
        _data = data;
        _normalisation = normalisation;
        _augmentation = augmentation;
        BatchSize = batchSize;
        _seed = seed;
        _shuffle = shuffle;
        _prefetch = Math.Max(1, prefetch);
        BatchesPerEpoch = dropLast ? data.Count / batchSize : (data.Count + batchSize - 1) / batchSize;
    }

    public int BatchSize { get; }
    public int BatchesPerEpoch { get; }

    /// <summary>The batches of one epoch from <c>firstBatch</c> on. Stopping the enumeration early stops the producer.</summary>
    public IEnumerable<Batch> Epoch(int epoch, int firstBatch = 0)
    {
        var order = Order(epoch);
        using var queue = new BlockingCollection<Batch>(_prefetch);
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(() =>
        {
            try
            {
                for (int b = firstBatch; b < BatchesPerEpoch; b++)
                    queue.Add(Make(epoch, b, order), stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            finally
            {
                queue.CompleteAdding();
            }
        });
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable())
                yield return batch;
        }
        finally
        {
            stop.Cancel();
            producer.GetAwaiter().GetResult();
        }
    }

    /// <summary>One batch built on the calling thread (the same bytes <see cref="Epoch"/> would deliver).</summary>
    public Batch Make(int epoch, int index) => Make(epoch, index, Order(epoch));

    int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, _data.Count).ToArray();
        if (_shuffle)
            new Rng(Derive(_seed, 1, (ulong)epoch)).Shuffle(order);
        return order;
    }

    Batch Make(int epoch, int index, int[] order)
    {
        int start = index * BatchSize, count = Math.Min(BatchSize, _data.Count - start);
        int size = _data.ImageSize;
        var images = new float[count * size];
        var labels = new long[count];
        var rng = new Rng(Derive(_seed, 2 + (ulong)epoch, (ulong)index));
        for (int i = 0; i < count; i++)
        {
            int item = order[start + i];
            _augmentation.Apply(_data, item, _normalisation, rng, images.AsSpan(i * size, size));
            labels[i] = _data.Label(item);
        }
        return new Batch(epoch, index, images, labels, _data.Channels, _data.Height, _data.Width);
    }

    static ulong Derive(ulong seed, ulong a, ulong b) => new Rng(new Rng(seed ^ a * 0x9E3779B97F4A7C15UL).NextUInt64() ^ b).NextUInt64();
}

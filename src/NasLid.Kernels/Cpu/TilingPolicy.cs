namespace NasLid.Kernels.Cpu;

/// <summary>
/// How the CPU engine cuts the work. Row blocks of 32 (b ≤ 512) or 64 rows make a Gram tile that stays in L1/L2
/// (64×64 doubles = 32 KiB); features are packed in chunks of 512 (two 64×512 float panels = 256 KiB, L2). At 512
/// the packed dot products run at ~95 GFLOP/s a core on AVX2 + FMA, where 256 gave up to 10 % less (more
/// horizontal sums and float64 accumulations per FMA).
/// </summary>
internal readonly record struct TilingPolicy(int BlockRows, int Blocks, int Chunk, int Chunks, int Threads)
{
    public static TilingPolicy For(int rows, int columns, int threads)
    {
        int blockRows = rows <= 512 ? 32 : 64;
        const int chunk = 512;
        return new TilingPolicy(blockRows, (rows + blockRows - 1) / blockRows, chunk, (columns + chunk - 1) / chunk, threads);
    }

    /// <summary>Feature segments per block pair: 1 unless there are too few pairs to keep every thread busy.</summary>
    public int SegmentsFor(int pairs)
    {
        int wanted = 4 * Threads;
        return pairs >= wanted ? 1 : Math.Min(Chunks, (wanted + pairs - 1) / pairs);
    }

    public (int First, int End) ChunkRange(int segment, int segments) =>
        ((int)((long)segment * Chunks / segments), (int)((long)(segment + 1) * Chunks / segments));

    /// <summary>Panel row width: the chunk rounded up to whole vectors, the tail zero padded.</summary>
    public int Width(int length) => (length + PanelTile.Lanes - 1) / PanelTile.Lanes * PanelTile.Lanes;
}

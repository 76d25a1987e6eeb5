namespace NasLid.Core.Partitioning;

/// <summary>
/// The n×n symmetric similarity matrix of a layer's n single-op sub-supernets (paper Eq. 5).
/// Every entry is finite: the constructor rejects anything else, so no NaN reaches γ or Eq. 7.
/// </summary>
public sealed class SimilarityMatrix
{
    readonly double[,] _s;

    public SimilarityMatrix(double[,] values)
    {
        int n = values.GetLength(0);
        if (n < 1 || values.GetLength(1) != n)
            throw new NasLidException($"similarity matrix must be square and non-empty, got {values.GetLength(0)}×{values.GetLength(1)}");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (!double.IsFinite(values[i, j]))
                    throw new NasLidException($"similarity matrix entry ({i},{j}) is {values[i, j]}; every similarity must be finite");
                if (values[i, j] != values[j, i])
                    throw new NasLidException($"similarity matrix is not symmetric: ({i},{j}) = {values[i, j]} but ({j},{i}) = {values[j, i]}");
            }
        _s = (double[,])values.Clone();
    }

    /// <summary>From the JSON-friendly row form written in the run records.</summary>
    public static SimilarityMatrix FromRows(IReadOnlyList<IReadOnlyList<double>> rows)
    {
        var values = new double[rows.Count, rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Count != rows.Count)
                throw new NasLidException($"similarity matrix row {i} has {rows[i].Count} entries, expected {rows.Count}");
            for (int j = 0; j < rows.Count; j++) values[i, j] = rows[i][j];
        }
        return new SimilarityMatrix(values);
    }

    public int Size => _s.GetLength(0);
    public double this[int i, int j] => _s[i, j];

    /// <summary>Row form for JSON records (System.Text.Json cannot write a rectangular array).</summary>
    public double[][] ToRows() =>
        Enumerable.Range(0, Size).Select(i => Enumerable.Range(0, Size).Select(j => _s[i, j]).ToArray()).ToArray();
}

namespace NasLid.Kernels.Tests;

/// <summary>Seeded test inputs: Gaussian clouds and points of known intrinsic dimension embedded in R^m.</summary>
public static class SyntheticFeatures
{
    public static float[] Gaussian(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var x = new float[rows * columns];
        for (int i = 0; i < x.Length; i++) x[i] = (float)Normal(random);
        return x;
    }

    /// <summary>
    /// b points uniform on the unit d-sphere S^d (Gaussian in R^(d+1), normalised), so intrinsic dimension d with
    /// no boundary, then mapped into R^m by d+1 random orthonormal directions (a random rotation of R^m restricted
    /// to the sphere's span).
    /// </summary>
    public static float[] SphereInSpace(int rows, int dimension, int columns, int seed)
    {
        var random = new Random(seed);
        int span = dimension + 1;
        var basis = OrthonormalRows(span, columns, random);
        var x = new float[rows * columns];
        var point = new double[span];
        for (int i = 0; i < rows; i++)
        {
            double norm = 0;
            for (int t = 0; t < span; t++) { point[t] = Normal(random); norm += point[t] * point[t]; }
            norm = Math.Sqrt(norm);
            for (int c = 0; c < columns; c++)
            {
                double v = 0;
                for (int t = 0; t < span; t++) v += point[t] / norm * basis[t, c];
                x[i * columns + c] = (float)v;
            }
        }
        return x;
    }

    static double[,] OrthonormalRows(int count, int columns, Random random)
    {
        var q = new double[count, columns];
        for (int r = 0; r < count; r++)
        {
            for (int c = 0; c < columns; c++) q[r, c] = Normal(random);
            for (int p = 0; p < r; p++)
            {
                double dot = 0;
                for (int c = 0; c < columns; c++) dot += q[r, c] * q[p, c];
                for (int c = 0; c < columns; c++) q[r, c] -= dot * q[p, c];
            }
            double norm = 0;
            for (int c = 0; c < columns; c++) norm += q[r, c] * q[r, c];
            for (int c = 0; c < columns; c++) q[r, c] /= Math.Sqrt(norm);
        }
        return q;
    }

    static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

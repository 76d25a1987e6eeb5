Console.WriteLine("naslid-perf: no suites yet.");
return 0;

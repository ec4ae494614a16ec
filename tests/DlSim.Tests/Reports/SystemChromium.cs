namespace DlSim.Tests.Reports;

/// <summary>
/// Debian's chromium, which the browser tests drive (they never download a browser). <c>DLSIM_CHROMIUM</c> names another
/// executable; <c>.ci/run</c> installs the package when it is missing.
/// </summary>
public static class SystemChromium
{
    private static readonly string[] KnownPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    /// <summary>The browser's path; fails the test with what to install when there is none.</summary>
    public static string Path()
    {
        string? chosen = Environment.GetEnvironmentVariable("DLSIM_CHROMIUM");
        if (!string.IsNullOrEmpty(chosen))
            return File.Exists(chosen) ? chosen : throw new InvalidOperationException($"DLSIM_CHROMIUM names {chosen}, which does not exist");
        return KnownPaths.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("the HTML report's browser test needs Chromium: apt-get install chromium (or set DLSIM_CHROMIUM to a Chromium executable)");
    }
}

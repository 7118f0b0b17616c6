namespace Certsmith.EndToEnd.Tests.Panel;

/// <summary>
/// The browser tests run alone: Chromium and axe saturate a core by themselves, and next to another class's Pebble
/// they would make its one-shot DNS lookups fail at random (DESIGN.md, test bench facts).
/// </summary>
[CollectionDefinition(nameof(PanelBrowserCollection), DisableParallelization = true)]
public sealed class PanelBrowserCollection;

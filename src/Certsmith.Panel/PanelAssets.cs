namespace Certsmith.Panel;

/// <summary>The panel's one stylesheet, served from the assembly; its path carries a version so it can be cached for good.</summary>
internal static class PanelAssets
{
    public const string StylesheetPath = "/panel/panel-v1.css";
}

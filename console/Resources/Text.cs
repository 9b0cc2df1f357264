namespace OrderPlatform.StaffConsole.Resources;

/// <summary>
/// The console's words: the key is the English text; Text.zh-CN.resx gives the Chinese, Text.resx the English where it
/// differs from the key (statuses, roles, field names).
/// </summary>
public sealed class Text;

/// The release of osvm, in one place: `osvm --version`, the line REPL's banner and the
/// header of workbench recordings all say this.
public enum OSVMVersion {
    public static let release = "0.1.0"
}

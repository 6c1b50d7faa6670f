import OSVMTUI
#if canImport(Glibc)
import Glibc
#endif

exit(runWorkbench(arguments: Array(CommandLine.arguments.dropFirst())))

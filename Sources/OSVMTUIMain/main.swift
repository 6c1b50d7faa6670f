import OSVMHost
import OSVMTUI
#if canImport(Glibc)
import Glibc
#endif

MallocTuning.apply()
exit(runWorkbench(arguments: Array(CommandLine.arguments.dropFirst())))

"""``python -m oxjit``: print the system report (versions, CPU, LLVM, BLAS, environment)."""

from oxjit._sysinfo import main

main()

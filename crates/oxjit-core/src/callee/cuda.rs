//! The ids of `oxjit.cuda`'s device functions (Numba's `numba.cuda` names), and of the special
//! registers read as `cuda.threadIdx.x` and friends.

/// One of the four index/dimension triples of a CUDA thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dim3 {
    ThreadIdx,
    BlockIdx,
    BlockDim,
    GridDim,
}

impl Dim3 {
    pub const ALL: [Dim3; 4] = [
        Dim3::ThreadIdx,
        Dim3::BlockIdx,
        Dim3::BlockDim,
        Dim3::GridDim,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dim3::ThreadIdx => "threadIdx",
            Dim3::BlockIdx => "blockIdx",
            Dim3::BlockDim => "blockDim",
            Dim3::GridDim => "gridDim",
        }
    }

    /// The PTX special register's name (`llvm.nvvm.read.ptx.sreg.<name>.<x|y|z>`).
    pub fn sreg(self) -> &'static str {
        match self {
            Dim3::ThreadIdx => "tid",
            Dim3::BlockIdx => "ctaid",
            Dim3::BlockDim => "ntid",
            Dim3::GridDim => "nctaid",
        }
    }
}

/// Where a CUDA function lives: `cuda.f`, `cuda.shared.f`, `cuda.local.f`, `cuda.atomic.f`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CudaNs {
    Cuda,
    Shared,
    Local,
    Atomic,
    Const,
}

/// An atomic read-modify-write (`cuda.atomic.<op>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AtomicOp {
    Add,
    Sub,
    Max,
    Min,
    Exch,
    And,
    Or,
    Xor,
}

/// A device function of `oxjit.cuda`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CudaFn {
    Grid,
    Gridsize,
    Syncthreads,
    SyncthreadsCount,
    SyncthreadsAnd,
    SyncthreadsOr,
    Threadfence,
    ThreadfenceBlock,
    Syncwarp,
    SharedArray,
    LocalArray,
    /// `cuda.const.array_like(global_array)`: the array's values in constant memory.
    ConstArrayLike,
    Atomic(AtomicOp),
    AtomicCas,
    ShflSync,
    ShflUpSync,
    ShflDownSync,
    ShflXorSync,
    BallotSync,
    AllSync,
    AnySync,
}

impl CudaFn {
    pub const ALL: [CudaFn; 28] = [
        CudaFn::Grid,
        CudaFn::Gridsize,
        CudaFn::Syncthreads,
        CudaFn::SyncthreadsCount,
        CudaFn::SyncthreadsAnd,
        CudaFn::SyncthreadsOr,
        CudaFn::Threadfence,
        CudaFn::ThreadfenceBlock,
        CudaFn::Syncwarp,
        CudaFn::SharedArray,
        CudaFn::LocalArray,
        CudaFn::ConstArrayLike,
        CudaFn::Atomic(AtomicOp::Add),
        CudaFn::Atomic(AtomicOp::Sub),
        CudaFn::Atomic(AtomicOp::Max),
        CudaFn::Atomic(AtomicOp::Min),
        CudaFn::Atomic(AtomicOp::Exch),
        CudaFn::Atomic(AtomicOp::And),
        CudaFn::Atomic(AtomicOp::Or),
        CudaFn::Atomic(AtomicOp::Xor),
        CudaFn::AtomicCas,
        CudaFn::ShflSync,
        CudaFn::ShflUpSync,
        CudaFn::ShflDownSync,
        CudaFn::ShflXorSync,
        CudaFn::BallotSync,
        CudaFn::AllSync,
        CudaFn::AnySync,
    ];

    pub fn name(self) -> &'static str {
        match self {
            CudaFn::Grid => "grid",
            CudaFn::Gridsize => "gridsize",
            CudaFn::Syncthreads => "syncthreads",
            CudaFn::SyncthreadsCount => "syncthreads_count",
            CudaFn::SyncthreadsAnd => "syncthreads_and",
            CudaFn::SyncthreadsOr => "syncthreads_or",
            CudaFn::Threadfence => "threadfence",
            CudaFn::ThreadfenceBlock => "threadfence_block",
            CudaFn::Syncwarp => "syncwarp",
            CudaFn::SharedArray | CudaFn::LocalArray => "array",
            CudaFn::ConstArrayLike => "array_like",
            CudaFn::Atomic(op) => match op {
                AtomicOp::Add => "add",
                AtomicOp::Sub => "sub",
                AtomicOp::Max => "max",
                AtomicOp::Min => "min",
                AtomicOp::Exch => "exch",
                AtomicOp::And => "and_",
                AtomicOp::Or => "or_",
                AtomicOp::Xor => "xor",
            },
            CudaFn::AtomicCas => "cas",
            CudaFn::ShflSync => "shfl_sync",
            CudaFn::ShflUpSync => "shfl_up_sync",
            CudaFn::ShflDownSync => "shfl_down_sync",
            CudaFn::ShflXorSync => "shfl_xor_sync",
            CudaFn::BallotSync => "ballot_sync",
            CudaFn::AllSync => "all_sync",
            CudaFn::AnySync => "any_sync",
        }
    }

    /// The namespace the function is found in.
    pub fn namespace(self) -> CudaNs {
        match self {
            CudaFn::SharedArray => CudaNs::Shared,
            CudaFn::LocalArray => CudaNs::Local,
            CudaFn::ConstArrayLike => CudaNs::Const,
            CudaFn::Atomic(_) | CudaFn::AtomicCas => CudaNs::Atomic,
            _ => CudaNs::Cuda,
        }
    }

    /// `cuda.shared.array`..., for messages.
    pub fn qualified_name(self) -> String {
        let ns = match self.namespace() {
            CudaNs::Cuda => "cuda",
            CudaNs::Shared => "cuda.shared",
            CudaNs::Local => "cuda.local",
            CudaNs::Atomic => "cuda.atomic",
            CudaNs::Const => "cuda.const",
        };
        format!("{ns}.{}", self.name())
    }
}

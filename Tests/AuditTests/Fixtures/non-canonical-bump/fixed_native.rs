use solana_program::{account_info::AccountInfo, entrypoint::ProgramResult, program_error::ProgramError, pubkey::Pubkey};

pub fn check_escrow(program_id: &Pubkey, escrow: &AccountInfo, user: &Pubkey) -> ProgramResult {
    let (expected, _bump) = Pubkey::find_program_address(&[b"escrow", user.as_ref()], program_id);
    if expected != *escrow.key {
        return Err(ProgramError::InvalidSeeds);
    }
    Ok(())
}

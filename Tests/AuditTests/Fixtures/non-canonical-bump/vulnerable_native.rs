use solana_program::{account_info::AccountInfo, entrypoint::ProgramResult, program_error::ProgramError, pubkey::Pubkey};

pub fn check_escrow(program_id: &Pubkey, escrow: &AccountInfo, user: &Pubkey, bump: u8) -> ProgramResult {
    let expected = Pubkey::create_program_address(&[b"escrow", user.as_ref(), &[bump]], program_id) // expect: non-canonical-bump
        .map_err(|_| ProgramError::InvalidSeeds)?;
    if expected != *escrow.key {
        return Err(ProgramError::InvalidSeeds);
    }
    Ok(())
}

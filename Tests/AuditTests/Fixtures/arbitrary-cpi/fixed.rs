use solana_program::{account_info::{next_account_info, AccountInfo}, entrypoint::ProgramResult, program::invoke, program_error::ProgramError, pubkey::Pubkey};

pub fn process_pay(_program_id: &Pubkey, accounts: &[AccountInfo], quantity: u64) -> ProgramResult {
    let iter = &mut accounts.iter();
    let source = next_account_info(iter)?;
    let destination = next_account_info(iter)?;
    let authority = next_account_info(iter)?;
    let token_program = next_account_info(iter)?;
    if *token_program.key != spl_token::ID {
        return Err(ProgramError::IncorrectProgramId);
    }
    if !authority.is_signer {
        return Err(ProgramError::MissingRequiredSignature);
    }
    let ix = spl_token::instruction::transfer(token_program.key, source.key, destination.key, authority.key, &[], quantity)?;
    invoke(&ix, &[source.clone(), destination.clone(), authority.clone()])
}

use borsh::{BorshDeserialize, BorshSerialize};
use solana_program::{account_info::{next_account_info, AccountInfo}, entrypoint::ProgramResult, program_error::ProgramError, pubkey::Pubkey};

#[derive(BorshSerialize, BorshDeserialize)]
pub struct Config {
    pub discriminator: [u8; 8],
    pub admin: Pubkey,
}

pub fn process_update(program_id: &Pubkey, accounts: &[AccountInfo]) -> ProgramResult {
    let iter = &mut accounts.iter();
    let config_info = next_account_info(iter)?;
    let admin = next_account_info(iter)?;
    if !admin.is_signer {
        return Err(ProgramError::MissingRequiredSignature);
    }
    if config_info.owner != program_id {
        return Err(ProgramError::IncorrectProgramId);
    }
    let config = Config::try_from_slice(&config_info.data.borrow())?;
    if config.discriminator != *b"CONFIG__" || config.admin != *admin.key {
        return Err(ProgramError::InvalidAccountData);
    }
    Ok(())
}

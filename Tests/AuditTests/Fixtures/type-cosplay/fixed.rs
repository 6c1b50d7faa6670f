use borsh::{BorshDeserialize, BorshSerialize};
use solana_program::{account_info::{next_account_info, AccountInfo}, entrypoint::ProgramResult, msg, program_error::ProgramError, pubkey::Pubkey};

#[derive(BorshSerialize, BorshDeserialize, PartialEq)]
pub enum AccountDiscriminator {
    User,
    Metadata,
}

#[derive(BorshSerialize, BorshDeserialize)]
pub struct User {
    pub discriminator: AccountDiscriminator,
    pub authority: Pubkey,
}

#[derive(BorshSerialize, BorshDeserialize)]
pub struct Metadata {
    pub discriminator: AccountDiscriminator,
    pub account: Pubkey,
}

pub fn update_user(program_id: &Pubkey, accounts: &[AccountInfo]) -> ProgramResult {
    let iter = &mut accounts.iter();
    let user_info = next_account_info(iter)?;
    let authority = next_account_info(iter)?;
    if user_info.owner != program_id {
        return Err(ProgramError::IllegalOwner);
    }
    if !authority.is_signer {
        return Err(ProgramError::MissingRequiredSignature);
    }
    let user = User::try_from_slice(&user_info.data.borrow())?;
    if user.discriminator != AccountDiscriminator::User || user.authority != *authority.key {
        return Err(ProgramError::InvalidAccountData);
    }
    msg!("ok");
    Ok(())
}

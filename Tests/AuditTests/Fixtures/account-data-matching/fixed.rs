use anchor_lang::prelude::*;

#[program]
pub mod bank {
    use super::*;
    pub fn set_limit(ctx: Context<SetLimit>, limit: u64) -> Result<()> {
        ctx.accounts.account.limit = limit;
        Ok(())
    }
}

#[derive(Accounts)]
pub struct SetLimit<'info> {
    #[account(mut, has_one = owner @ BankError::NotOwner)]
    pub account: Account<'info, BankAccount>,
    pub owner: Signer<'info>,
}

#[account]
pub struct BankAccount {
    pub owner: Pubkey,
    pub limit: u64,
}

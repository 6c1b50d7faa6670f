use anchor_lang::prelude::*;

#[program]
pub mod vault {
    use super::*;
    pub fn withdraw(ctx: Context<Withdraw>, amount: u64) -> Result<()> {
        let vault = &mut ctx.accounts.vault;
        vault.amount = vault.amount.checked_sub(amount).ok_or(ErrorCode::Insufficient)?;
        Ok(())
    }
}

#[derive(Accounts)]
pub struct Withdraw<'info> {
    #[account(mut, has_one = authority)]
    pub vault: Account<'info, Vault>,
    /// CHECK: compared by has_one only
    pub authority: AccountInfo<'info>, // expect: missing-signer
}

#[account]
pub struct Vault {
    pub authority: Pubkey,
    pub amount: u64,
}
